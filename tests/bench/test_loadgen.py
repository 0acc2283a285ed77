"""The wrk wrapper reads wrk's --latency report and our Lua summary line."""

from __future__ import annotations

import pytest

from bench.loadgen import parse_wrk

WRK_OUTPUT = """\
Running 20s test @ http://127.0.0.1:8000/api/claims
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.41ms    3.02ms  61.20ms   90.12%
    Req/Sec   323.10     21.44   370.00     71.50%
  Latency Distribution
     50%   11.95ms
     75%   13.10ms
     90%   15.02ms
     99%    1.20s
  12894 requests in 20.01s, 95.31MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    644.37
Transfer/sec:      4.76MB
"""


def test_it_reads_throughput_percentiles_and_errors_from_wrk_text() -> None:
    result = parse_wrk(WRK_OUTPUT)

    assert result.rps == pytest.approx(644.37)
    assert result.requests == 12894
    assert result.p50_ms == pytest.approx(11.95)
    assert result.p99_ms == pytest.approx(1200.0)
    assert result.errors == 4 + 3  # non-2xx plus socket errors


def test_it_prefers_the_lua_summary_and_counts_answers_without_facets() -> None:
    output = WRK_OUTPUT + "GCBENCH ok=12890 bad=4 missing=17 p50_us=11950 p99_us=98321\n"

    result = parse_wrk(output)

    assert result.p99_ms == pytest.approx(98.321)
    assert result.incomplete == 17


def test_it_reports_zero_errors_when_wrk_prints_none() -> None:
    clean = "\n".join(
        line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )

    assert parse_wrk(clean).errors == 0


def test_it_reads_microsecond_latencies() -> None:
    output = WRK_OUTPUT.replace("11.95ms", "950.00us")

    assert parse_wrk(output).p50_ms == pytest.approx(0.95)
