"""`govclaims users`: add, passwd, disable, enable, list."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from app.cli.context import command_context
from app.models import Role
from app.queries import users as user_queries
from app.services import catalogue
from app.services.errors import ServiceError

users_cli = typer.Typer(
    help="Manage accounts: viewers read, editors annotate, admins curate.", no_args_is_help=True
)

Username = Annotated[str, typer.Argument(help="Login name (case-insensitive).")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from stdin.")
]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(message: str) -> None:
    typer.echo(f"govclaims: {message}", err=True)
    raise typer.Exit(1)


@users_cli.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name (case-insensitive).")],
    role: Annotated[Role, typer.Option(help="viewer, editor or admin.")] = Role.viewer,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account, asking for its password."""
    password = _read_password(password_stdin)
    ctx = command_context()
    with ctx.sessions() as session, session.begin():
        try:
            catalogue.create_account(
                session, user_id=None, username=username, password=password, role=role
            )
        except ServiceError as exc:
            _fail(exc.message)
    typer.echo(f"added {username} ({role.value})")


@users_cli.command("passwd")
def passwd(
    username: Username,
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password (this logs the user out everywhere)."""
    password = _read_password(password_stdin)
    _update(username, password=password)
    typer.echo(f"password changed for {username}")


@users_cli.command("disable")
def disable(username: Username) -> None:
    """Stop an account from logging in; its history stays."""
    _update(username, active=False)
    typer.echo(f"disabled {username}")


@users_cli.command("enable")
def enable(username: Username) -> None:
    """Let a disabled account log in again."""
    _update(username, active=True)
    typer.echo(f"enabled {username}")


@users_cli.command("role")
def set_role(username: Username, role: Annotated[Role, typer.Argument()]) -> None:
    """Change an account's role."""
    _update(username, role=role)
    typer.echo(f"{username} is now {role.value}")


@users_cli.command("list")
def list_users() -> None:
    """Show every account with its role and state."""
    ctx = command_context()
    with ctx.sessions() as session:
        for user in user_queries.list_users(session):
            state = "active" if user.active else "disabled"
            last = (
                user.last_login_at.isoformat(timespec="minutes") if user.last_login_at else "never"
            )
            typer.echo(f"{user.username}\t{user.role.value}\t{state}\tlast login {last}")


def _update(username: str, **changes: object) -> None:
    ctx = command_context()
    with ctx.sessions() as session, session.begin():
        user = user_queries.get_user_by_username(session, username)
        if user is None:
            _fail(f"no user called {username}")
            return
        try:
            catalogue.update_account(session, user_id=None, account_id=user.id, **changes)  # type: ignore[arg-type]
        except ServiceError as exc:
            _fail(exc.message)


def register(cli: typer.Typer) -> None:
    """Add the `users` command group."""
    cli.add_typer(users_cli, name="users")
