"""The local web app (FastAPI)."""
