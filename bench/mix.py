"""Loads no cache can serve: every request a different URL, each asked once.

`uncached_mix` draws filter combinations (topics, stances, actors, searches, dates, pages,
sorts, HTML or JSON) with a fixed seed until it has N distinct URLs. `run_paths` drives wrk
through a list of paths, each sent once, split between wrk's threads; `unique=True`
instead sends one path again and again with a counter appended (`&nocache=k`), which
the app ignores but which makes every request a different cache key: the miss cost of
Q1-Q5 themselves.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile
from urllib.parse import urlencode

from bench.loadgen import LoadResult, ensure_wrk, parse_wrk

SEED = 16
WORDS = (
    "international oversight",
    "pause",
    "compute",
    "licensing",
    "open weights",
    "treaty",
    "liability",
    "safety",
    "regulation",
    "frontier",
    "audit",
    "moratorium",
    "self-improvement",
    "risk",
    "governance",
)
STANCES = ("supports", "opposes", "mixed", "neutral")
SORTS = ("newest", "newest", "newest", "oldest")

# Each thread takes every n-th path of the list; once its share is sent it stops. Requests
# still in flight on its other connections at that moment go to a path with a counter
# appended, so they too miss the cache. wrk waits out -d after the threads stop, so the
# rate is worked out from the latencies (Little's law: busy connections / mean latency).
LUA = r"""
local threads, counter = {}, 0
function setup(thread)
  thread:set("tid", counter); thread:set("nthreads", 0)
  counter = counter + 1; table.insert(threads, thread)
  for _, t in ipairs(threads) do t:set("nthreads", counter) end
end
function init(args)
  paths = {}
  local f = io.open(args[1], "r")
  for line in f:lines() do table.insert(paths, line) end
  f:close()
  unique = args[2] == "unique"; limit = tonumber(args[3])
  sent = 0; ok = 0; bad = 0; missing = 0; seen = 0
end
function request()
  local k = tid + 1 + sent * nthreads
  sent = sent + 1
  if unique then return wrk.format(nil, paths[1] .. "&nocache=" .. tid .. "-" .. sent) end
  if k <= #paths and k <= limit then return wrk.format(nil, paths[k]) end
  return wrk.format(nil, paths[1] .. "&again=" .. tid .. "-" .. sent)
end
function response(status, headers, body)
  seen = seen + 1
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
  if status == 200 and not string.find(body, "facet", 1, true) then missing = missing + 1 end
  local share = math.floor((math.min(#paths, limit) - tid - 1) / nthreads) + 1
  if not unique and seen >= share then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local o, b, m = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("bad"); m = m + t:get("missing")
  end
  io.write(string.format("GCBENCH ok=%d bad=%d missing=%d p50_us=%d p99_us=%d\n",
    o, b, m, latency:percentile(50), latency:percentile(99)))
  io.write(string.format("GCMEAN mean_us=%d\n", latency.mean))
end
"""


def uncached_mix(n: int, *, topics: list[str], actors: list[str], seed: int = SEED) -> list[str]:
    """Return n distinct claim-list URLs (HTML and API), drawn with a fixed seed."""
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < n:
        found.setdefault(_draw(rng, topics, actors), None)
    return list(found)


def _draw(rng: random.Random, topics: list[str], actors: list[str]) -> str:
    params: list[tuple[str, str]] = []
    if rng.random() < 0.7:
        topic = rng.choice(topics)
        params.append(("topic", topic))
        if rng.random() < 0.4:
            params.append(("stance", rng.choice(STANCES)))
    if rng.random() < 0.35:
        params.append(("actor", rng.choice(actors)))
    if rng.random() < 0.3:
        params.append(("q", rng.choice(WORDS)))
    if rng.random() < 0.2:
        year, month = rng.choice((2025, 2026)), rng.randint(1, 12)
        params.append(("from", f"{year}-{month:02d}-01"))
        if rng.random() < 0.5:
            params.append(("to", f"{year}-{month:02d}-28"))
    if rng.random() < 0.2:
        params.append(("sort", rng.choice(SORTS)))
    page = 1 if rng.random() < 0.6 else rng.randint(2, 40)
    params.append(("page", str(page)))
    path = "/api/claims" if rng.random() < 0.5 else "/claims"
    return f"{path}?{urlencode(params)}"


def run_paths(
    base: str,
    paths: list[str],
    *,
    connections: int = 8,
    threads: int = 2,
    unique: bool = False,
    duration_s: int = 60,
) -> LoadResult:
    """Send each path once (or, unique, the first path with a fresh counter each time)."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, "paths.txt")
        with open(listing, "w") as f:
            f.write("\n".join(paths) + "\n")
        script = os.path.join(tmp, "mix.lua")
        with open(script, "w") as f:
            f.write(LUA)
        cmd = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration_s}s"]
        cmd += ["--timeout", "60s", "--latency", "-s", script, base + paths[0]]
        cmd += ["--", listing, "unique" if unique else "once", str(len(paths))]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = parse_wrk(done.stdout)
    if unique:
        return result
    return _with_littles_rate(result, done.stdout, connections)


def _with_littles_rate(result: LoadResult, output: str, connections: int) -> LoadResult:
    mean_us = next(
        (int(line.split("=")[1]) for line in output.splitlines() if line.startswith("GCMEAN")), 0
    )
    rps = connections / (mean_us / 1e6) if mean_us else 0.0
    return LoadResult(
        rps=rps,
        p50_ms=result.p50_ms,
        p99_ms=result.p99_ms,
        errors=result.errors,
        requests=result.requests,
        incomplete=result.incomplete,
    )


def describe(paths: list[str]) -> str:
    """Return a one-line summary of a mix for the results note."""
    api = sum(p.startswith("/api/") for p in paths)
    with_q = sum("q=" in p for p in paths)
    return json.dumps({"urls": len(paths), "api": api, "html": len(paths) - api, "search": with_q})
