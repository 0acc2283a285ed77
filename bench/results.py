"""Turn one run's measurements into results.json, a dated Markdown note and a stdout table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from bench.workload import QUERIES

BAR_P99_MS = 150.0
BAR_SPEEDUP = 20.0
BAR_IMPORT_ARTICLES_PER_S = 2000.0
BAR_RSS_MB = 300.0


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def derive(results: dict[str, Any]) -> dict[str, Any]:
    """Add per-request ratios (to the plain SQL and to Datasette) and the bar's verdicts."""
    for query in QUERIES:
        entry = results["queries"].get(query)
        if not entry:
            continue
        sql, ds = entry.get("sql_ms"), entry.get("datasette") or {}
        entry["p50_over_sql"] = {v: _ratio(entry[v]["p50_ms"], sql) for v in ("html", "api")}
        entry["rps_over_datasette"] = {
            v: _ratio(entry[v]["rps"], ds.get("rps")) for v in ("html", "api")
        }
        entry["meets_bar"] = _meets(entry)
    results["import"]["meets_bar"] = (
        results["import"]["articles_per_s"] >= BAR_IMPORT_ARTICLES_PER_S
    )
    results["rss_meets_bar"] = results["rss_mb"] <= BAR_RSS_MB
    return results


def _meets(entry: dict[str, Any]) -> dict[str, bool | None]:
    variants = [entry["html"], entry["api"]]
    speedups = [s for s in entry["rps_over_datasette"].values() if s is not None]
    return {
        "p99": all(v["p99_ms"] <= BAR_P99_MS for v in variants),
        "errors": all(v["errors"] == 0 and v.get("incomplete", 0) == 0 for v in variants),
        "correct": all(v.get("correct", False) for v in variants),
        "speedup": all(s >= BAR_SPEEDUP for s in speedups) if speedups else None,
    }


def write(results: dict[str, Any], folder: Path, *, explain: dict[str, str]) -> tuple[Path, Path]:
    """Write latest.json and YYYY-MM-DD-<N>.md into folder; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    latest = folder / "latest.json"
    latest.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    note = folder / f"{dt.date.today().isoformat()}-{results['articles']}.md"
    note.write_text(markdown(results, explain=explain), encoding="utf-8")
    return latest, note


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _cpu(cpu: dict[str, float] | None) -> str:
    return f"{cpu['web']:.1f}+{cpu['db']:.1f}" if cpu else "–"


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    """Return the summary table: one row per request and variant."""
    rows = []
    for query in QUERIES:
        e = results["queries"].get(query)
        if not e:
            continue
        ds = e.get("datasette") or {}
        dsd = e.get("datasette_defaults") or {}
        for variant in ("html", "api"):
            v = e[variant]
            rows.append(
                [
                    query,
                    variant,
                    _fmt(v["rps"]),
                    _fmt(v["p50_ms"]),
                    _fmt(v["p99_ms"]),
                    _fmt(v.get("single_ms")),
                    _cpu(v.get("cpu_ms_per_request")),
                    _fmt(v["errors"] + v.get("incomplete", 0)),
                    _fmt(v.get("correct")),
                    _fmt(e.get("sql_ms")),
                    _fmt(e["p50_over_sql"][variant], 2),
                    _fmt(ds.get("rps"), 2),
                    _fmt(ds.get("p99_ms"), 0),
                    _fmt(ds.get("facets_complete")),
                    _fmt(e["rps_over_datasette"][variant], 0),
                    _fmt(dsd.get("rps"), 2),
                    _fmt(dsd.get("facets_complete")),
                ]
            )
    return rows


HEADER = [
    "req",
    "variant",
    "rps",
    "p50 ms",
    "p99 ms",
    "1-by-1 ms",
    "cpu ms/req web+db",
    "bad",
    "correct",
    "sql ms",
    "p50/sql",
    "ds rps",
    "ds p99",
    "ds facets",
    "x ds",
    "ds-default rps",
    "ds-default facets",
]


def text_table(results: dict[str, Any]) -> str:
    """Return the summary as an aligned plain-text table."""
    rows = [HEADER, *table_rows(results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def research_lines(results: dict[str, Any]) -> list[str]:
    """Return the research views' figures (topic page, matrix, changes feed) as a table."""
    research = results.get("research") or {}
    if not research:
        return []
    lines = [
        "",
        "## Research views",
        "",
        "| view | path | rps | p50 ms | p99 ms | errors | incomplete | p99 within the bar"
        " | 1-by-1 ms | after a write ms | correct |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in research.items():
        lines.append(
            f"| {name} | `{r['path']}` | {_fmt(r['rps'])} | {_fmt(r['p50_ms'])} | "
            f"{_fmt(r['p99_ms'])} | {r['errors']} | {r.get('incomplete', 0)} | "
            f"{_fmt(r['p99_ms'] <= BAR_P99_MS)} | {_fmt(r.get('single_ms'))} | "
            f"{_fmt(r.get('cold_ms'))} | {_fmt(r.get('correct'))} |"
        )
    return lines


def markdown(results: dict[str, Any], *, explain: dict[str, str]) -> str:
    """Return the dated note: figures, settings, what missed the bar and why."""
    imp = results["import"]
    cpu = imp.get("cpu_s", {})
    lines = [
        f"# Benchmark, {results['articles']:,} articles, {results['claims']:,} claims",
        "",
        f"Run {results['started_at']} on {results['machine']}. Command: `{results['command']}`.",
        "",
        f"- import: {imp['articles_per_s']:,.0f} articles/s, {imp['claims_per_s']:,.0f} claims/s "
        f"({imp['seconds']:.1f} s through {imp['path']}; "
        f"then VACUUM ANALYZE {imp['settle_s']:.1f} s); CPU: importer "
        f"{cpu.get('importer', '?')} s, PostgreSQL {cpu.get('db', '?')} s",
        f"- web processes: {results['processes']} (govclaims serve --workers "
        f"{results['workers']}); peak RSS summed over them {results['rss_mb']:.0f} MB "
        f"(unique pages only, USS: {results.get('uss_mb', 0):.0f} MB), "
        f"largest single process {results['rss_mb_largest']:.0f} MB",
        f"- load: wrk -t{results['load']['threads']} -c{results['load']['connections']} "
        f"-d{results['load']['duration_s']}s "
        f"(Datasette {results['load']['datasette_duration_s']}s) "
        "--timeout 60s --latency, after a warm-up",
        f"- machine load average (1 min): {results['loadavg']['start']} before, "
        f"{results['loadavg']['end']} after; above 2 means other work shared the 2 cores",
        f"- PostgreSQL: {results['settings'].get('server')}; "
        + ", ".join(f"{k}={v}" for k, v in results["settings"].items() if k != "server"),
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(r) + " |" for r in table_rows(results)]
    lines += research_lines(results)
    lines += ["", "## Against the bar", ""] + _verdicts(results)
    for query, plan in explain.items():
        lines += ["", f"### EXPLAIN (ANALYZE, BUFFERS) of {query}", "", "```", plan, "```"]
    return "\n".join(lines) + "\n"


def _verdicts(results: dict[str, Any]) -> list[str]:
    out = []
    for query in QUERIES:
        e = results["queries"].get(query)
        if not e:
            continue
        misses = [k for k, ok in e["meets_bar"].items() if ok is False]
        problems = e["html"].get("problems", []) + e["api"].get("problems", [])
        status = "meets the bar" if not misses else "MISSES: " + ", ".join(misses)
        out.append(f"- {query}: {status}" + (f" ({'; '.join(problems)})" if problems else ""))
    out.append(
        f"- import: {'meets' if results['import']['meets_bar'] else 'MISSES'} "
        f"(>= {BAR_IMPORT_ARTICLES_PER_S:,.0f} articles/s)"
    )
    out.append(
        f"- memory: {'meets' if results['rss_meets_bar'] else 'MISSES'} (<= {BAR_RSS_MB:.0f} MB)"
    )
    return out
