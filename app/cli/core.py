"""Core commands: migrate, serve, demo."""

from __future__ import annotations

import os
import signal

import typer

from app.cli.context import command_context
from app.db import EmbeddedSupervisor
from app.logs import configure_logging


def migrate() -> None:
    """Apply database migrations up to the newest schema."""
    ctx = command_context()
    applied = ctx.migrate()
    typer.echo(f"database: {ctx.describe_database()}")
    if applied:
        typer.echo(f"migrations: applied {applied}, the schema is now the newest")
    else:
        typer.echo("migrations: none to apply, the schema was already the newest")


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Web worker processes."),
    no_worker: bool = typer.Option(
        False, "--no-worker", help="Do not run the import worker inside this process."
    ),
) -> None:
    """Migrate, then serve the web app (and an import worker unless --no-worker)."""
    import uvicorn

    ctx = command_context()
    ctx.migrate()
    ctx.export_url()
    if not no_worker:
        # uvicorn builds the app from the environment in each web process it starts, so
        # the setting travels there (as DATABASE_URL does through export_url).
        os.environ["GOVCLAIMS_INPROCESS_WORKER"] = "1"
    configure_logging(ctx.settings.log_level)
    _exit_on_signals()
    supervisor = None
    if not ctx.settings.database_url:
        supervisor = EmbeddedSupervisor(ctx.settings.data_dir)
        supervisor.start()
    typer.echo(f"database: {ctx.describe_database()}")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"govclaims: open http://{shown}:{port}/ in a browser (Ctrl-C stops it)")
    try:
        uvicorn.run(
            "app.asgi:create",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=ctx.settings.log_level.lower(),
            proxy_headers=True,
        )
    finally:
        if supervisor is not None:
            supervisor.stop()  # the embedded server is stopped at exit, not restarted


def _exit_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into a normal exit, so the embedded server is stopped.

    uvicorn shuts down gracefully on them and then raises the signal again; with the
    default action the process would die before its exit handlers stop PostgreSQL.
    """

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(0)  # an orderly stop, as asked

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, leave)


def register(cli: typer.Typer) -> None:
    """Add the core commands to cli."""
    cli.command()(migrate)
    cli.command()(serve)
