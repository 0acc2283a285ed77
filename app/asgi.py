"""Entry point for uvicorn workers: `uvicorn --factory app.asgi:create`."""

from fastapi import FastAPI

from app.config import load_settings
from app.main import create_app


def create() -> FastAPI:
    """Build the app from the environment (each worker process calls this once)."""
    return create_app(load_settings())
