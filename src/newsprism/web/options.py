"""The web app's options, apart from the app itself: the settings file reads them without
importing FastAPI."""

from __future__ import annotations

from dataclasses import dataclass, field

MB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareOptions:
    """``method``: "auto" (embeddings if the encoder is installed, else fuzzy), "embeddings" or "fuzzy"."""

    method: str = "auto"
    min_cosine: float = 0.55  # embeddings: pairs below this stay unaligned
    min_ratio: float = 62.0  # rapidfuzz token-set ratio (0-100)

    def __post_init__(self) -> None:
        if self.method not in ("auto", "embeddings", "fuzzy"):
            raise ValueError(f"CompareOptions.method must be auto, embeddings or fuzzy, not {self.method!r}")


@dataclass(frozen=True, kw_only=True)
class WebOptions:
    """Options of the web app (one object, as for every stage)."""

    max_upload_bytes: int = 20 * MB  # per file
    max_files: int = 50
    compare: CompareOptions = field(default_factory=CompareOptions)
    cache_bytes: int = 64 * MB  # rendered pages and API answers kept per process (0: no cache)
