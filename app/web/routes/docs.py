"""/docs: the API reference, served from vendored assets like every other page."""

from app.web.routes.api import docs_router as router

__all__ = ["router"]
