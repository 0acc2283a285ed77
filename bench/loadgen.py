"""Drive one URL with wrk and read back throughput, latency percentiles and bad answers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass

# wrk runs one Lua state per thread; done() sums their counters. A 200 is incomplete
# when it lacks one of the markers (the signs that its facets came back) or carries
# one of the "!"-prefixed anti-markers.
LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; bad = 0; missing = 0; markers = args end
local function complete(body)
  for _, m in ipairs(markers) do
    if string.sub(m, 1, 1) == "!" then
      if string.find(body, string.sub(m, 2), 1, true) then return false end
    elseif not string.find(body, m, 1, true) then return false end
  end
  return true
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
  if status == 200 and not complete(body) then missing = missing + 1 end
end
function done(summary, latency, requests)
  local o, b, m = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("bad"); m = m + t:get("missing")
  end
  io.write(string.format("GCBENCH ok=%d bad=%d missing=%d p50_us=%d p99_us=%d\n",
    o, b, m, latency:percentile(50), latency:percentile(99)))
end
"""

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
_PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
_REQUESTS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),", re.M)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_OURS = re.compile(r"GCBENCH ok=(\d+) bad=(\d+) missing=(\d+) p50_us=(\d+) p99_us=(\d+)")


@dataclass(frozen=True)
class LoadResult:
    """What one wrk run measured; errors counts every request that was not a full answer."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    incomplete: int = 0

    def as_json(self) -> dict[str, float | int]:
        """Return the result as the plain dict results.json holds."""
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


def parse_wrk(output: str) -> LoadResult:
    """Read wrk --latency output (plus our Lua summary line when present)."""
    rps = float(_RPS.search(output).group(1))  # type: ignore[union-attr]
    requests = int(_REQUESTS.search(output).group(1))  # type: ignore[union-attr]
    pct = {p: float(v) * _UNITS_MS[u] for p, v, u in _PERCENTILE.findall(output)}
    non2xx = int(m.group(1)) if (m := _NON2XX.search(output)) else 0
    sockets = sum(map(int, m.groups())) if (m := _SOCKET.search(output)) else 0
    incomplete = 0
    if ours := _OURS.search(output):
        pct = {"50": int(ours.group(4)) / 1000, "99": int(ours.group(5)) / 1000}
        incomplete = int(ours.group(3))
    return LoadResult(
        rps=rps,
        p50_ms=pct["50"],
        p99_ms=pct["99"],
        errors=non2xx + sockets,
        requests=requests,
        incomplete=incomplete,
    )


def ensure_wrk() -> str:
    """Return wrk's path, installing Debian's package when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit("wrk is missing: install it (apt-get install -y wrk) and run again")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=False)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=True)
    return shutil.which("wrk") or "wrk"


def run_wrk(
    url: str,
    *,
    duration_s: int,
    connections: int = 8,
    threads: int = 2,
    markers: tuple[str, ...] = (),
) -> LoadResult:
    """Load url for duration_s seconds; count 200s that miss a marker as incomplete."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    try:
        cmd = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration_s}s"]
        cmd += ["--timeout", "60s", "--latency", "-s", script.name, url, "--", *markers]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    return parse_wrk(done.stdout)
