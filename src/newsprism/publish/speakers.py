"""Who said what: speaker names merged across articles, and near-identical wordings of one
statement carried by several sources shown once."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .cites import cite_span
from .views import Cite, QuoteGroup, Speaker, unique

_NAME_WS = re.compile(r"\s+")
_HONORIFIC = re.compile(r"^(mr|mrs|ms|dr|sir|dame|prof)\.?\s+", re.I)


def _norm_name(name: str) -> str:
    return _HONORIFIC.sub("", _NAME_WS.sub(" ", name.strip().strip(",.;:"))).strip()


def canonical_speakers(names: Iterable[str]) -> dict[str, str]:
    """Map each speaker name to the fullest name it abbreviates across articles.

    "Smith" and "John Smith" are one speaker when the short name's words end the
    long one (surname, or given name + surname); an ambiguous short name (two
    different long names end with it) is left alone rather than guessed.
    """
    norm = {n: _norm_name(n) for n in names}
    distinct = sorted(set(norm.values()), key=lambda s: (-len(s.split()), s))
    mapping: dict[str, str] = {}
    for short in distinct:
        words = short.casefold().split()
        fuller = [
            long for long in distinct
            if len(long.split()) > len(words) and long.casefold().split()[-len(words):] == words
        ]
        roots = {mapping.get(f, f) for f in fuller}
        mapping[short] = roots.pop() if len(roots) == 1 else short
    return {n: mapping[v] for n, v in norm.items()}


def _group_quotes(items: Sequence[tuple[str, bool, str | None, Cite]], check) -> tuple[QuoteGroup, ...]:
    """Merge the wordings of one speaker's statement carried by several sources: the same words, or
    one source quoting a longer stretch of it, as cross-checking decides it
    (:func:`newsprism.crosscheck.compare.same_quote`, ``check``: its options)."""
    from ..crosscheck.compare import same_quote

    groups: list[list[tuple[str, bool, str | None, Cite]]] = []
    for item in items:
        for g in groups:
            if same_quote(item[0], g[0][0], same=check.quote_same, min_words=check.quote_words):
                g.append(item)
                break
        else:
            groups.append([item])
    out = []
    for g in groups:
        longest = max(g, key=lambda it: len(it[0]))
        out.append(QuoteGroup(
            text=longest[0], direct=any(it[1] for it in g), cue=longest[2],
            article_ids=unique(it[3].article_id for it in g), cites=tuple(it[3] for it in g),
        ))
    out.sort(key=lambda q: (-len(q.article_ids), q.cites[0].article_id, q.cites[0].start))
    return tuple(out)


def speakers(items, texts, labels, check=None) -> tuple[Speaker, ...]:
    """Who said what in the story: each speaker's statements, one group per statement however
    many sources carry it.  ``check``: cross-checking's options (what one statement is)."""
    from ..crosscheck import CheckOptions

    check = check or CheckOptions()
    raw: list[tuple[str, tuple[str, bool, str | None, Cite]]] = []
    for art, fx in items:
        names = {e.id: e.name for e in fx.entities}
        for q in fx.quotes:
            if q.kind != "speech":
                continue  # who *said* what: not what the writer says a source thinks, wants or backs
            name = names.get(q.speaker or "") or q.speaker_name or "Unattributed"
            body = texts.get(q.span.article_id)
            # a quote its attribution interrupts: its quoted words, without the "X said" between
            words = " \u2026 ".join(p.text(body) for p in q.parts) if q.parts and body is not None else None
            cite = cite_span(q.span, texts, labels, text=words)
            raw.append((name, (cite.text.strip(), q.direct, q.cue, cite)))
    canon = canonical_speakers(n for n, _ in raw if n != "Unattributed")
    canon["Unattributed"] = "Unattributed"
    grouped: dict[str, list] = defaultdict(list)
    for name, item in raw:
        grouped[canon[name]].append(item)
    speakers = [Speaker(name=n, quotes=_group_quotes(g, check)) for n, g in grouped.items()]
    speakers.sort(key=lambda s: (s.name == "Unattributed", -len(s.article_ids), -len(s.quotes), s.name))
    return tuple(speakers)
