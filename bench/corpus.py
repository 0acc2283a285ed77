"""The benchmark corpus: generated once per size by the shared generator, then cached."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GENERATOR = SHARED / "bench" / "gen_corpus.py"
CACHE = ROOT / "bench" / "cache"
SEED = 1


def ensure_corpus(articles: int, *, cache: Path = CACHE) -> Path:
    """Return the cached corpus for `articles`, generating it (seed 1) when missing."""
    path = cache / f"corpus-{articles}.jsonl"
    if path.exists() and path.stat().st_size > 0:
        return path
    if not GENERATOR.exists():
        raise SystemExit(f"the corpus generator is missing: {GENERATOR}")
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    started = time.monotonic()
    cmd = [sys.executable, str(GENERATOR), "--articles", str(articles), "--seed", str(SEED)]
    subprocess.run([*cmd, "-o", str(partial)], check=True)
    partial.rename(path)  # only a complete file is ever cached
    print(f"generated {path.name} in {time.monotonic() - started:.1f}s", flush=True)
    return path
