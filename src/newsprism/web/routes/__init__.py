"""The web app's routes, one FastAPI router per concern: ``api`` (JSON for every page),
``pages`` (the HTML pages), ``upload`` (adding articles and what is left to do)."""
