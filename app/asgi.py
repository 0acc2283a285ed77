"""Entry point for uvicorn workers: `uvicorn --factory app.asgi:create`."""

import gc

from fastapi import FastAPI

from app.config import load_settings
from app.main import create_app


def create() -> FastAPI:
    """Build the app from the environment (each worker process calls this once)."""
    app = create_app(load_settings())
    # Rendering a page allocates tens of thousands of short-lived objects, and each full
    # collection walked every object the imports left behind (lxml, trafilatura, ...):
    # about 3 ms a request. Freeze those, and collect the young generation less often.
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    return app
