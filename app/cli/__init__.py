"""The `govclaims` command. Each module in this package adds its commands via register()."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys

import typer
from pydantic import ValidationError

from app.config import Settings, env_var
from app.db import DatabaseError

cli = typer.Typer(
    name="govclaims",
    help="Track who claims what about AI governance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@functools.cache  # once per process: main() may run more than once (tests)
def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(cli)


def _setting_name(loc: tuple[int | str, ...]) -> str:
    """Name a failing setting by the environment variable people set."""
    field = str(loc[0]) if loc else "?"
    return env_var(field) if field in Settings.model_fields else field


def main(argv: list[str] | None = None) -> None:
    """Run the command line; known failures print one line and exit non-zero."""
    _register_commands()
    try:
        cli(args=argv, standalone_mode=True)
    except DatabaseError as exc:
        print(f"govclaims: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{_setting_name(e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        print(f"govclaims: invalid configuration: {problems}", file=sys.stderr)
        raise SystemExit(2) from None
