"""Import and export commands: import, feeds add|list, export, worker, demo."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from app.cli.context import command_context
from app.importer.bulk import BulkImporter, ImportSummary
from app.importer.demo_evidence import find_evidence
from app.importer.failures import TargetError
from app.importer.targets import Target, TargetImporter, decide
from app.logs import configure_logging
from app.queries import demo as demo_queries
from app.vocabulary import Stance

feeds_cli = typer.Typer(help="Feeds polled by the worker.", no_args_is_help=True)
DEMO_FILE = Path(__file__).resolve().parents[1] / "demo" / "articles.jsonl"
_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")


def parse_every(value: str) -> int:
    """Turn '30m', '2h', '90s' or '1d' into seconds (at least 60)."""
    found = _EVERY.match(value.lower())
    if not found:
        raise typer.BadParameter(f"{value!r} is not an interval like 30m, 2h or 1d")
    seconds = int(found.group(1)) * {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400}[found.group(2)]
    if seconds < 60:
        raise typer.BadParameter("feeds are polled at most once a minute")
    return seconds


def _progress(total: int | None, label: str):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit=" articles",
        desc=label,
        file=sys.stderr,
        disable=not sys.stderr.isatty() and total is None,
        smoothing=0.1,
    )


def _report(summary: ImportSummary) -> None:
    for where, reason in summary.problems[:200]:
        typer.echo(f"rejected {where}: {reason}", err=True)
    if len(summary.problems) > 200:
        typer.echo(f"... and {len(summary.problems) - 200} more rejected", err=True)
    done = summary.imported + summary.updated + summary.unchanged
    rate = done / summary.seconds if summary.seconds > 0 else 0.0
    typer.echo(
        f"imported {summary.imported}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, rejected {summary.rejected} "
        f"({summary.claims} claims; {rate:,.0f} articles/s)",
        err=True,
    )


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


@contextmanager
def _bar(target: Target) -> Iterator[Callable[[int], None]]:
    """A progress bar over one claims-jsonl file (or standard input)."""
    path = None if target.location == "-" else Path(target.location)
    total = _count_lines(path) if path is not None else None
    with _progress(total, target.name) as bar:
        yield bar.update


def import_command(
    target: str = typer.Argument(
        ..., help="A file or folder (.jsonl, .html, .txt), a URL, or - for standard input."
    ),
    feed: bool = typer.Option(False, "--feed", help="TARGET is a feed: add it and poll it now."),
    every: str = typer.Option("30m", help="With --feed: how often to poll it."),
) -> None:
    """Import articles; prints a summary and exits 1 when anything was rejected."""
    from app.importer.pipeline import Importer

    logging.basicConfig(level=logging.WARNING)
    try:
        decided = decide(target, feed=feed)
    except TargetError as exc:
        raise typer.BadParameter(str(exc)) from None
    every_s = parse_every(every) if feed else 0
    ctx = command_context()
    ctx.migrate()
    runner = TargetImporter(
        Importer(ctx.settings, ctx.sessions),
        progress=_bar,
        note=lambda line: typer.echo(line, err=True),
        feed_every_s=every_s,
    )
    started = time.perf_counter()
    summary = runner.run(decided, stdin=sys.stdin.buffer)
    # Parts of a folder or feed add up their counts, not their times: the whole run's.
    summary.seconds = time.perf_counter() - started
    _report(summary)
    raise typer.Exit(1 if summary.rejected else 0)


def feeds_add(
    url: str = typer.Argument(..., help="The feed's address."),
    every: str = typer.Option("30m", help="How often to poll it: 90s, 30m, 2h, 1d."),
) -> None:
    """Add a feed (or change its interval); the worker polls it from now on."""
    from app.db import unit_of_work
    from app.importer.fetch import url_refusal
    from app.queries.sources import upsert_feed_source

    ctx = command_context()
    ctx.migrate()
    problem = url_refusal(url, ctx.settings.fetch_allow_hosts)
    if problem:
        typer.echo(f"govclaims: {problem}", err=True)
        raise typer.Exit(1)
    with unit_of_work(ctx.sessions) as session:
        source = upsert_feed_source(session, url=url, every_s=parse_every(every))
        typer.echo(f"feed {source.id}: {url} every {source.poll_interval_s // 60} min")


def _ago(when: dt.datetime | None) -> str:
    if when is None:
        return "never"
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def feeds_list() -> None:
    """List feeds with their health: last success, failures, last error, next poll."""
    from app.models import SourceKind
    from app.queries.sources import list_sources

    ctx = command_context()
    ctx.migrate()
    with ctx.sessions() as session:
        feeds = list_sources(session, kind=SourceKind.feed)
    if not feeds:
        typer.echo("no feeds; add one with `govclaims feeds add URL`")
    for s in feeds:
        state = "ok" if s.consecutive_failures == 0 else f"{s.consecutive_failures} failures"
        typer.echo(
            f"{s.id:>4}  {s.url}\n      every {s.poll_interval_s // 60} min, {state}; "
            f"last success {_ago(s.last_success_at)}; next poll {_ago(s.next_poll_at)}"
        )
        if s.last_error:
            typer.echo(f"      last error ({_ago(s.last_error_at)}): {s.last_error}")


def export_command(
    topic: list[str] = typer.Option([], help="Only claims tagged with this topic slug."),  # noqa: B008
    actor: list[str] = typer.Option([], help="Only claims by this actor (name, slug or alias)."),  # noqa: B008
    stance: list[Stance] = typer.Option([], help="Only claims with a tag of this stance."),  # noqa: B008
    since: dt.datetime | None = typer.Option(  # noqa: B008
        None, formats=["%Y-%m-%d"], help="Only claims published on or after this day (UTC)."
    ),
) -> None:
    """Write claims-jsonl/1 to standard output (everything, or the claims a filter matches).

    The options filter as /claims does with the same parameters, so the same filter gives
    the same claims here and on the web.
    """
    from app.queries.export import export_filter, iter_claims_jsonl

    ctx = command_context()
    ctx.migrate()
    out = sys.stdout
    with ctx.sessions() as session:
        flt = None
        if topic or actor or stance or since:
            day = since.date() if since else None
            stances = [s.value for s in stance]
            flt = export_filter(session, topics=topic, actors=actor, stances=stances, since=day)
        for line in iter_claims_jsonl(session, flt):
            out.write(line)
            out.write("\n")
    out.flush()


def worker_command(
    concurrency: int = typer.Option(2, min=1, help="Jobs run at the same time."),
    heartbeat: float = typer.Option(10.0, help="Seconds between heartbeats."),
    stalled_after: float = typer.Option(
        30.0, help="Seconds without heartbeat after which a worker's jobs are retried."
    ),
) -> None:
    """Run an import worker: page imports, feed polls, periodic tasks."""
    from app.importer import worker

    ctx = command_context()
    ctx.migrate()
    configure_logging(ctx.settings.log_level, timestamps=True)
    typer.echo("govclaims worker started", err=True)
    worker.run(
        ctx.settings,
        ctx.url,
        concurrency=concurrency,
        heartbeat_s=heartbeat,
        stalled_after_s=stalled_after,
    )


def demo_command() -> None:
    """Load the demo articles through the claims-jsonl import (idempotent)."""
    ctx = command_context()
    ctx.migrate()
    with DEMO_FILE.open("rb") as handle:
        summary = BulkImporter(ctx.sessions).run(handle)
    from app.db import unit_of_work

    evidence = list(find_evidence(DEMO_FILE.read_text(encoding="utf-8").splitlines()))
    with unit_of_work(ctx.sessions) as session:
        demo_queries.record_demo_decisions(session)
        demo_queries.set_demo_evidence(session, evidence)
    typer.echo(
        f"demo data: {summary.imported} articles loaded, {summary.updated} updated, "
        f"{summary.unchanged} already there ({summary.claims} claims loaded)"
    )
    if summary.rejected:
        _report(summary)
        raise typer.Exit(1)


def register(cli: typer.Typer) -> None:
    """Add the import and export commands to cli."""
    cli.command("import")(import_command)
    cli.command("export")(export_command)
    cli.command("worker")(worker_command)
    cli.command("demo")(demo_command)
    feeds_cli.command("add")(feeds_add)
    feeds_cli.command("list")(feeds_list)
    cli.add_typer(feeds_cli, name="feeds")
