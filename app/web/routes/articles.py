"""The article page: its text with every claim highlighted and linked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.queries import articles as article_queries
from app.queries import claims as claim_queries
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.passages import split_passages
from app.web.templating import render

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])
CLAIMS_PER_PAGE = 100


@router.get("/articles/{article_id:int}", response_class=HTMLResponse, include_in_schema=False)
def article_page(
    request: Request,
    session: DbSession,
    article_id: int,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Show an article's text with its claims marked, and its claim list a page at a time."""
    article = article_queries.get_article(session, article_id)
    if article is None:
        raise HTTPException(404, f"There is no article {article_id}.")
    total = claim_queries.count_article_claims(session, article_id)
    claims = claim_queries.list_article_claims(
        session, article_id, limit=CLAIMS_PER_PAGE, offset=(page - 1) * CLAIMS_PER_PAGE
    )
    spans = claim_queries.list_article_spans(session, article_id)
    context = {
        "article": article,
        "claims": claims,
        "claim_total": total,
        "page": page,
        "pages": max(1, -(-total // CLAIMS_PER_PAGE)),
        "passages": split_passages(article.text, spans),
    }
    return render(request, "article.html", context)
