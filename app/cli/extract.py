"""`govclaims extract`: run the claim extractor on files, no database needed."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def extract(
    files: Annotated[
        list[str], typer.Argument(help="Text, HTML or claims-jsonl/1 files; - is stdin.")
    ],
    url: Annotated[str | None, typer.Option("--url", help="The article's URL.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The article's title.")] = None,
) -> None:
    """Extract claims, actors, topics and suggested stances; print claims-jsonl/1."""
    from app.config import load_settings
    from app.extract import nlp
    from app.extract.command import run_extract

    # Only for GOVCLAIMS_SPACY_MODEL: extraction needs no database.
    nlp.configure(load_settings().spacy_model)

    code = run_extract(files, url=url, title=title, stdout=sys.stdout, stderr=sys.stderr)
    raise typer.Exit(code)


def register(cli: typer.Typer) -> None:
    """Add the extract command to cli."""
    cli.command()(extract)
