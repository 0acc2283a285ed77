"""Request guards shared by the browsing routes."""

from __future__ import annotations

from fastapi import HTTPException, Request


def refuse_nul_bytes(request: Request) -> None:
    """Answer 400 when the path or query holds a NUL character, which PostgreSQL text refuses."""
    if "\x00" in request.url.path or any(
        "\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()
    ):
        raise HTTPException(400, "The request contains a NUL character, which no value may hold.")
