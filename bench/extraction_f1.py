"""Word-level F1 of the web-page import path against the article-extraction benchmark.

Serves each of the 181 pages of ../shared/corpus/article-extraction/ from a local
HTTP server, imports it through the real fetch -> parse -> store path into a fresh
embedded database, and compares the stored text with the ground truth (bag of
words, case-sensitive, as `\\w+` tokens). Prints mean precision, recall and F1.

    .venv/bin/python bench/extraction_f1.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "article-extraction"
WORD = re.compile(r"\w+")


def _serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = pages.get(self.path.lstrip("/"))
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def f1(stored: str, truth: str) -> tuple[float, float, float]:
    """Return word-level precision, recall and F1 of stored against truth."""
    got, want = Counter(WORD.findall(stored)), Counter(WORD.findall(truth))
    common = sum((got & want).values())
    p = common / max(sum(got.values()), 1)
    r = common / max(sum(want.values()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()
    from sqlalchemy import text

    from app import schema
    from app.config import Settings
    from app.db import make_engine, make_session_factory
    from app.importer.pipeline import Importer
    from bench.database import temporary_embedded

    truth = json.loads((CORPUS / "ground-truth.json").read_text())
    keys = sorted(truth)[: args.limit or None]
    pages = {k: gzip.decompress((CORPUS / "html" / f"{k}.html.gz").read_bytes()) for k in keys}
    httpd, port = _serve(pages)
    with temporary_embedded() as (url, folder):
        engine = make_engine(url)
        schema.upgrade(engine)
        settings = Settings(database_url=url, data_dir=folder, fetch_allow_hosts=["127.0.0.1"])  # type: ignore[call-arg]
        importer = Importer(settings, make_session_factory(engine))
        scores, failures, started = [], 0, time.perf_counter()
        for key in keys:
            try:
                outcome = importer.import_url(f"http://127.0.0.1:{port}/{key}")
                with importer.sessions() as s:
                    stored = (
                        s.scalar(
                            text("SELECT text FROM articles WHERE id = :i"),
                            {"i": outcome.article_id},
                        )
                        or ""
                    )
            except Exception as exc:  # a page that fails scores 0, and is counted
                print(f"{key[:12]}: {exc}", file=sys.stderr)
                stored, failures = "", failures + 1
            scores.append(f1(stored, truth[key]["articleBody"]))
        elapsed = time.perf_counter() - started
        engine.dispose()
    httpd.shutdown()
    n = len(scores)
    p, r, f = (sum(s[i] for s in scores) / n for i in range(3))
    print(f"pages {n}, failed {failures}, {n / elapsed:.1f} pages/s through fetch+parse+store")
    print(f"word-level precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (target >= 0.93)")


if __name__ == "__main__":
    main()
