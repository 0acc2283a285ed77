"""EXPLAIN (ANALYZE, BUFFERS) of the SQL govclaims runs for a request, for a missed bar."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection

from app.db import make_engine, make_session_factory
from app.queries.search import parse_filter, search_claims
from bench.workload import PARAMS


def explain_search(database_url: str, query: str) -> str:
    """Run the request's search once, then EXPLAIN ANALYZE every statement it issued."""
    engine = make_engine(database_url, pool_size=1)
    statements: list[tuple[str, Any]] = []

    def capture(conn: Connection, cursor: Any, sql: str, params: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((sql, params))

    params = {k: [v] for k, v in PARAMS[query].items() if k != "page"}
    page = int(PARAMS[query].get("page", "1"))
    try:
        with make_session_factory(engine)() as session:
            flt, _ = parse_filter(session, params)
            event.listen(engine, "before_cursor_execute", capture)
            search_claims(session, flt, page=page)
            event.remove(engine, "before_cursor_execute", capture)
            plans = []
            for sql, bound in statements:
                raw = session.connection().exec_driver_sql(
                    f"EXPLAIN (ANALYZE, BUFFERS) {sql}", bound
                )
                plans.append(f"-- {' '.join(sql.split())[:300]}\n" + "\n".join(r[0] for r in raw))
            return "\n\n".join(plans)
    finally:
        engine.dispose()
