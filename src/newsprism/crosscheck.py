"""Cross-check the sources of a story: corroboration, contradictions, outlier copies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .group import Grouping
from .records import Article, ArticleFacts, Finding, Verdict


@dataclass(frozen=True, kw_only=True)
class CheckOptions:
    pass


def crosscheck(items: Sequence[tuple[Article, ArticleFacts]], grouping: Grouping,
               options: CheckOptions | None = None) -> tuple[Finding, ...]:
    return ()


def check_claim(claim: str, items: Sequence[tuple[Article, ArticleFacts]], reader,
                options: CheckOptions | None = None) -> Verdict:
    return Verdict(claim=claim, verdict="not-found", confidence=0.0, explanation="no matching sentence")
