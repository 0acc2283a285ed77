"""Admin pages: topics, actors (aliases, merges), feed sources, accounts, login throttles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.models import ActorKind, Role
from app.passwords import MAX_LENGTH, MIN_LENGTH
from app.queries import catalogue, throttles, users
from app.services import catalogue as service
from app.services.errors import ServiceError
from app.web.auth import Admin, CurrentUser
from app.web.deps import DbSession
from app.web.editing import commit_change
from app.web.templating import render

router = APIRouter(prefix="/admin", tags=["admin"])

Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=5000)]
# Required text must hold more than spaces (the document says so, as the services check).
Named = Annotated[str, Form(max_length=200, pattern=r"\S")]
Stated = Annotated[str, Form(max_length=5000, pattern=r"\S")]
Id = Annotated[int, Form(ge=1, le=2_147_483_647)]
Password = Annotated[str, Form(min_length=MIN_LENGTH, max_length=MAX_LENGTH)]
TopicId = Annotated[int, Path(ge=1, le=32767)]
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
# The two kinds of count a login throttle keeps (the table's CHECK names the same two).
ThrottleScope = Literal["user-address", "address"]


def _pages(session: Session) -> dict[str, Callable[[], dict[str, Any]]]:
    return {
        "topics": lambda: {"topics": catalogue.list_all_topics(session)},
        "actors": lambda: {
            "actors": catalogue.list_actors_with_counts(session),
            "kinds": [k.value for k in ActorKind],
        },
        "sources": lambda: {"sources": catalogue.list_sources(session)},
        "users": lambda: {"users": users.list_users(session), "roles": [r.value for r in Role]},
        "throttles": lambda: {
            "throttles": throttles.list_throttles(session),
            "now": dt.datetime.now(dt.UTC),
        },
    }


@router.get("", response_class=HTMLResponse, include_in_schema=False)
def admin_index(request: Request, user: Admin) -> Response:
    """Link to the admin sections."""
    return render(request, "admin/index.html", {})


@router.get("/{section}", response_class=HTMLResponse, include_in_schema=False)
def admin_section(request: Request, session: DbSession, user: Admin, section: str) -> Response:
    """Show one admin section: topics, actors, sources, users or throttles."""
    return _section(request, session, section)


def _section(
    request: Request, session: Session, section: str, *, error: ServiceError | None = None
) -> Response:
    pages = _pages(session)
    if section not in pages:
        return render(
            request,
            "error.html",
            {"status": 404, "message": "No such admin page."},
            status_code=404,
        )
    context = {"section": section, "error": error, **pages[section]()}
    status = error.status_code if error else 200
    return render(request, f"admin/{section}.html", context, status_code=status)


def _apply(
    request: Request, session: Session, section: str, change: Callable[[], object]
) -> Response:
    """Run one admin change in its own transaction; back to the section either way."""
    error = commit_change(session, change)
    if error is not None:
        return _section(request, session, section, error=error)
    return RedirectResponse(f"/admin/{section}", status_code=303)


def _cues(value: str) -> list[str]:
    return [c for c in (part.strip() for part in value.replace("\n", ",").split(",")) if c]


@router.post("/topics", response_class=HTMLResponse)
def topic_create(
    request: Request,
    session: DbSession,
    user: Admin,
    name: Named,
    proposition: Stated,
    slug: Short = "",
    description: Long = "",
    cues: Long = "",
) -> Response:
    """Add a topic."""
    return _apply(
        request,
        session,
        "topics",
        lambda: service.create_topic(
            session,
            user_id=user.id,
            slug=slug,
            name=name,
            proposition=proposition,
            description=description,
            cues=_cues(cues),
        ),
    )


@router.post("/topics/{topic_id}", response_class=HTMLResponse)
def topic_update(
    request: Request,
    session: DbSession,
    user: Admin,
    topic_id: TopicId,
    name: Named,
    proposition: Stated,
    description: Long = "",
    cues: Long = "",
    retired: Annotated[bool, Form()] = False,
) -> Response:
    """Rename a topic, edit its proposition and cues, retire or restore it."""
    return _apply(
        request,
        session,
        "topics",
        lambda: service.update_topic(
            session,
            user_id=user.id,
            topic_id=topic_id,
            name=name,
            proposition=proposition,
            description=description,
            cues=_cues(cues),
            retired=retired,
        ),
    )


@router.post("/actors/merge", response_class=HTMLResponse)
def actor_merge(
    request: Request, session: DbSession, user: Admin, from_id: Id, into_id: Id
) -> Response:
    """Merge one actor into another: claims and aliases move, the history records it."""
    return _apply(
        request,
        session,
        "actors",
        lambda: service.merge_actors(session, user_id=user.id, from_id=from_id, into_id=into_id),
    )


@router.post("/actors/{actor_id}", response_class=HTMLResponse)
def actor_update(
    request: Request,
    session: DbSession,
    user: Admin,
    actor_id: RowId,
    name: Named,
    kind: Annotated[ActorKind, Form()],
) -> Response:
    """Rename an actor or change its kind."""
    return _apply(
        request,
        session,
        "actors",
        lambda: service.update_actor(
            session, user_id=user.id, actor_id=actor_id, name=name, kind=kind
        ),
    )


@router.post("/actors/{actor_id}/aliases", response_class=HTMLResponse)
def actor_add_alias(
    request: Request, session: DbSession, user: Admin, actor_id: RowId, alias: Named
) -> Response:
    """Add another name for an actor."""
    return _apply(
        request,
        session,
        "actors",
        lambda: service.add_actor_alias(session, user_id=user.id, actor_id=actor_id, alias=alias),
    )


@router.post("/sources", response_class=HTMLResponse)
def source_create(
    request: Request,
    session: DbSession,
    user: Admin,
    url: Annotated[str, Form(max_length=2000, pattern=r"\S")],
    title: Short = "",
    poll_minutes: Annotated[int, Form(ge=1, le=100_000)] = 30,
) -> Response:
    """Register a feed."""
    return _apply(
        request,
        session,
        "sources",
        lambda: service.add_feed(
            session,
            user_id=user.id,
            url=url,
            title=title,
            poll_interval_s=poll_minutes * 60,
            allow_hosts=request.app.state.settings.fetch_allow_hosts,
        ),
    )


@router.post("/sources/{source_id}/enabled", response_class=HTMLResponse)
def source_enable(
    request: Request,
    session: DbSession,
    user: Admin,
    source_id: RowId,
    enabled: Annotated[bool, Form()],
) -> Response:
    """Pause or resume a source."""
    return _apply(
        request,
        session,
        "sources",
        lambda: service.set_source_enabled(
            session, user_id=user.id, source_id=source_id, enabled=enabled
        ),
    )


@router.post("/sources/{source_id}/voice", response_class=HTMLResponse)
def source_voice(
    request: Request,
    session: DbSession,
    user: Admin,
    source_id: RowId,
    speaks_for: Short = "",
) -> Response:
    """Say whom a source's texts speak for."""
    return _apply(
        request,
        session,
        "sources",
        lambda: service.set_source_voice(
            session, user_id=user.id, source_id=source_id, speaks_for=speaks_for
        ),
    )


@router.post("/users", response_class=HTMLResponse)
def user_create(
    request: Request,
    session: DbSession,
    user: Admin,
    username: Annotated[str, Form(max_length=100, pattern=r"\S")],
    password: Password,
    role: Annotated[Role, Form()] = Role.viewer,
) -> Response:
    """Make an account."""
    return _apply(
        request,
        session,
        "users",
        lambda: service.create_account(
            session, user_id=user.id, username=username, password=password, role=role
        ),
    )


@router.post("/users/{account_id}", response_class=HTMLResponse)
def user_update(
    request: Request,
    session: DbSession,
    user: Admin,
    account_id: RowId,
    role: Annotated[Role, Form()],
    active: Annotated[bool, Form()] = False,
    password: Password = "",
) -> Response:
    """Change an account's role or state, or set a new password."""
    return _apply(
        request,
        session,
        "users",
        lambda: _update_account(
            session, user, account_id, role=role, active=active, password=password or None
        ),
    )


def _update_account(
    session: Session, user: CurrentUser, account_id: RowId, **changes: Any
) -> object:
    if account_id == user.id and (changes["role"] != Role.admin or not changes["active"]):
        raise ServiceError("You cannot demote or disable your own account.")
    return service.update_account(session, user_id=user.id, account_id=account_id, **changes)


@router.post("/throttles/clear", response_class=HTMLResponse)
def throttle_clear(
    request: Request,
    session: DbSession,
    user: Admin,
    scope: Annotated[ThrottleScope, Form(description="What was counted.")],
    key: Annotated[
        str,
        Form(max_length=1300, pattern=r"^[^\x00]+$", description="username@address or address."),
    ],
) -> Response:
    """Forget the failed logins of one (username, address) or one address."""
    throttles.clear_throttle(session, scope, key)
    session.commit()
    return RedirectResponse("/admin/throttles", status_code=303)
