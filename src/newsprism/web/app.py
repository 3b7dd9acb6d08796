"""FastAPI app over the store."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI


def create_app(db: str | Path = "newsprism.db") -> FastAPI:
    app = FastAPI(title="newsprism")

    @app.get("/api/health")
    def health() -> dict:
        return {"ok": True}

    return app
