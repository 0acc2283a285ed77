"""The app mounts an explicit list of routers: none forgotten, none mounted twice."""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter
from fastapi.routing import APIRoute

from app.main import ROUTERS, create_app
from app.web import routes


def _routers_defined_in_routes() -> list[APIRouter]:
    found = []
    for info in pkgutil.iter_modules(routes.__path__):
        module = importlib.import_module(f"{routes.__name__}.{info.name}")
        found += [v for v in vars(module).values() if isinstance(v, APIRouter)]
    return found


def test_every_router_a_routes_module_defines_is_in_the_list():
    missing = [r for r in _routers_defined_in_routes() if not any(r is m for m in ROUTERS)]
    assert missing == []


def test_no_router_is_listed_twice():
    assert len({id(r) for r in ROUTERS}) == len(ROUTERS)


def test_the_app_documents_every_documented_route_of_the_listed_routers(settings):
    paths = create_app(settings).openapi()["paths"]
    listed = {
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and route.include_in_schema
    }
    assert "/api/claims" in listed
    assert listed <= set(paths)
