"""Quotes and reported speech with their speakers.

Two routes, both over one parsed ``Doc`` whose text is ``Article.text``:

* **Direct quotes** are found from the quote marks alone (:func:`find_quote_spans`), a
  character scan that never trusts the parse: spaCy splits a multi-sentence quote
  into sentences and attaches the cue to the last one only.  Each quoted piece is
  then attributed from the text around it: a speech cue after it in the same
  sentence (``"...," the minister said``), before it (``X told reporters, "..."``), a
  split quote in the same paragraph (``"...," X said. "..."``), or the previous
  paragraph's speaker when a paragraph opens with a quote and names nobody (the
  tabloid style of one quoted sentence per paragraph, and quotes that run over
  several paragraphs with an opening mark on each).
* **Reported speech** comes from the dependency parse: a speech verb (lexicon below)
  with a clausal complement (``X said (that) ...``, ``..., said X``, ``X told
  reporters ...``) or ``according to X``.  A complement that is mostly a direct
  quote is not reported twice.

Speakers are resolved to the article's entities by mention overlap, then by
surname; ``he``/``she`` and anaphoric role nouns ("the top US diplomat") point to
the last person named as a subject or speaker before them.  No coreference model
runs offline, so these are rules, and they are written to fail soft: unbalanced
quote marks left by scrapers never raise, they just end a quote at the paragraph
end or are dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace

from .. import lexicon
from ..records import Article, Entity, Quote, Span
from .entities import ticker_owner
from .doc_cache import entity_at, token_starts
from .lexicon import (
    GENDERED_WORDS,
    HONORIFIC_GENDER,
    PERSON_NOUNS,
    PRONOUN_GENDER,
    first_name_gender,
    fold,
)

# Word lists: data/lexicon/attribution.txt (cue verbs by how their content is drawn) and
# data/lexicon/speakers.txt (the nouns and pronouns that decide who a cue's subject is).
_VERBS = lexicon.table("attribution")
_SPEAKER_WORDS = lexicon.table("speakers")
# Verbs of communication: they attribute direct quotes and reported speech.
SPEECH_VERBS = frozenset(_VERBS["speech"])
# The other attribution kinds (PolNeAR's beliefs, intentions and positions): reported content only.
_KINDS = {lemma: kind for kind in ("thought", "intent", "stance", "seeing") for lemma in _VERBS[kind]
          if lemma not in SPEECH_VERBS}
# The lexicon's kinds as ``Quote.kind``: seeing someone "as" something is a view.
_KIND_OF = {"thought": "thought", "seeing": "thought", "intent": "intent", "stance": "stance"}
# Verbs whose infinitive object is the reported content: "urged Russia to back off".
_XCOMP_CUES = frozenset(_VERBS["infinitive"])
# Particle verbs: "go on" is a cue, "go" alone is not.
_PARTICLE_CUES = frozenset(tuple(p.split()) for p in _VERBS["particle"])
# Cues that relay a source's attribution after it: '"...," X said, according to a recording'.
_RELAY_CUES = frozenset(_VERBS["relay"])
# "read" is a cue only when what is written speaks: 'the sign read "..."', '"...," read the statement'.
_WRITTEN_CUES = frozenset(_VERBS["written_cue"])
_WRITTEN = frozenset(_SPEAKER_WORDS["written"]) | frozenset(_SPEAKER_WORDS["document"]) | frozenset(
    _SPEAKER_WORDS["issued"])
# Verbs that are cues only with one object: "as the mayor put it".
_OBJECT_IDIOMS = frozenset(tuple(p.split()) for p in _VERBS["object_idiom"])
# Verbs that are cues only with one adjective as complement: "made (it) clear that ...".
_COMPLEMENT_IDIOMS = frozenset(tuple(p.split()) for p in _VERBS["complement_idiom"])
# the verbs that are cues only with a particle, an object or a complement of the lists above
_IDIOM_VERBS = frozenset(pair[0] for pair in _PARTICLE_CUES | _OBJECT_IDIOMS | _COMPLEMENT_IDIOMS)
_COMPLEMENT_DEPS = frozenset({"ccomp", "oprd", "acomp", "xcomp"})
# Nouns of something said: a quote they frame is their owner's words ("her remark that ...").
_SPEECH_NOUNS = frozenset(_VERBS["speech_noun"])
# Verbs of asking, whose "if"/"whether" clause is the question ("asked workers if they ...").
_QUESTION_CUES = frozenset(_VERBS["question"])
# "find" reports a finding only with a tensed clause.  "show", "suggest" and the like stay cues
# with any clause: PolNeAR annotates "polls show X leading".
_FINITE_ONLY = frozenset(_VERBS["finite_only"])
# Verbs of speech whose object is who is spoken to ("told reporters", "warned Russia"), never
# what is said.
_ADDRESSED = frozenset(_VERBS["addressed"])
# Verbs of speech that report only with a clause: "continued his campaign", "wrote a book".
_CLAUSE_ONLY = frozenset(_VERBS["clause_only"])
# Verbs whose infinitive content needs an addressee: "urged Russia to back off" is reported
# speech, "asked not to be named" is not.
_ADDRESSEE_CUES = frozenset(_VERBS["addressee"])

# Heads of definite noun phrases that, used as a speaker, point back to the person last
# named: "the top US diplomat said", "the senator added".
_ROLE_NOUNS = frozenset(_SPEAKER_WORDS["role"])
_PEOPLE_NOUNS = frozenset(_SPEAKER_WORDS["people"])
# Other titles and occupations ("the Carrow defender", "the businessman") point back
# only to a person the article described with that word: "the New York businessman"
# after a paragraph about someone else is not that someone.
_DESCRIBED_NOUNS = PERSON_NOUNS - _ROLE_NOUNS
# "the company said", "the campaign added": the organisation last named.
_ORG_NOUNS = frozenset(_SPEAKER_WORDS["organisation"])
# "its website says", "a spokesman for the campaign said": the owner speaks.
_CHANNEL_NOUNS = frozenset(_SPEAKER_WORDS["channel"])
_UNNAMED_NOUNS = frozenset(_SPEAKER_WORDS["unnamed"])
# Nouns that can hold a position without a name ("critics", "the poll"): a thought or a stance
# needs a subject that is a source, not "the plan wants" or "their refusal to support".
_DOCUMENT_NOUNS = frozenset(_SPEAKER_WORDS["document"])
_SOURCE_NOUNS = (frozenset(_SPEAKER_WORDS["people"]) | _DOCUMENT_NOUNS | PERSON_NOUNS | _ORG_NOUNS)
# The writer ("We asked her how it went", "I met him in May") is not a source.
_FIRST_PERSON = frozenset(_SPEAKER_WORDS["first_person"])
_PRONOUNS = frozenset(_SPEAKER_WORDS["person_pronoun"])
_PLURAL_PRONOUNS = frozenset(_SPEAKER_WORDS["plural_pronoun"])
_THING_PRONOUNS = frozenset(_SPEAKER_WORDS["thing_pronoun"])
_RELATIVE = frozenset(_SPEAKER_WORDS["relative"])
_POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
_NOT_SPEAKERS = frozenset(_SPEAKER_WORDS["not_speaker"])
_CAUSATIVE = frozenset(_SPEAKER_WORDS["causative"])
# A wire dateline before the first sentence: "LISBON, Portugal (AP) —", "NAIROBI, March 3 (Reuters) -".
_DATELINE = re.compile(
    r"(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)*(?:,?\s*[A-Z][a-z]{2,8}\.?\s\d{1,2})?"
    r"\s*\([A-Z][A-Za-z.]{1,12}\)\s*[-\u2013\u2014])"
    r"|[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+)*)"  # NAIROBI, NEW YORK, ST. LOUIS; "Lisbon (AP) -" only with the agency
    r"(?:(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)*(?:,?\s*[A-Z][a-z]{2,8}\.?\s\d{1,2})?"
    r"\s*\([A-Za-z.\- ]{1,30}\)\s*[-\u2013\u2014]{1,2}"  # ", March 3 (Reuters) -"
    r"|(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)*\s*[\u2013\u2014])\s+")  # ", Portugal —" / " —"
_ELISIONS = re.compile(r"(?:\d0s|\d\d\b|em\b|til\b|cause\b|n\b|tis\b|twas\b|bout\b|round\b)", re.I)

_OPEN_CTX = set("([{<—–-/\u2014\u2013") | {'"', "\u201c", "\u2018", "'"}
_CLOSE_CTX = set(".,;:!?)]}>—–-…\u2014\u2013\u2026") | {'"', "\u201d", "\u2019", "'"}
_CURLY = {"\u201c": "open", "\u201d": "close", "\u201e": "open", "\u00ab": "open", "\u00bb": "close"}
_STRAIGHT = {'"': "either"}
_DOUBLE = {**_CURLY, **_STRAIGHT}
_PAD = "\x01"  # stands for the second character of a two-character mark ('' or ``)
_SINGLE = {"'": "either", "\u2018": "open", "\u2019": "close"}
_SENT_END = frozenset({".", "!", "?"})


@dataclass(frozen=True, kw_only=True)
class QuoteOptions:
    """``min_words``: an unattributed quoted span needs this many words to count as a
    quote (shorter ones are scare quotes, titles, nicknames).  ``min_reported_words``:
    the least words a reported-speech complement may have.  ``reported``: also
    extract reported (indirect) speech, not only quote marks."""

    min_words: int = 4
    min_reported_words: int = 3
    reported: bool = True


@dataclass(frozen=True, slots=True)
class QuotePiece:
    """One quoted stretch inside one paragraph: ``[start, end)`` is the content, the marks excluded.

    ``group`` is shared by the pieces of one quote that runs over several paragraphs.
    """

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset of the closing mark, or the paragraph end when it has none
    group: int


# ------------------------------------------------------------------ quote marks


def _role(text: str, i: int, table: dict[str, str]) -> str | None:
    """``open``, ``close``, ``either`` or None (an apostrophe or a stray mark) for the mark at ``i``."""
    ch = text[i]
    j = i - 1
    while j >= 0 and text[j] == _PAD:
        j -= 1
    k = i + 1
    while k < len(text) and text[k] == _PAD:
        k += 1
    p = text[j] if j >= 0 and text[j] != "\n" else None
    n = text[k] if k < len(text) and text[k] != "\n" else None
    if p is not None and n is not None and p.isalnum() and n.isalnum():
        return None  # don't, Ukraine's, rock'n'roll
    # (a double mark right after a colon opens: 'Okafor:"We won."', the space left out)
    can_open = (p is None or p.isspace() or p in _OPEN_CTX or p == ":" and table is not _SINGLE) and (
        n is not None and not n.isspace())
    can_close = (n is None or n.isspace() or n in _CLOSE_CTX) and p is not None and not p.isspace()
    if table is not _SINGLE and p == " " and (n is None or n.isspace() or n in _CLOSE_CTX):
        # 'she said, 'no.' " X added': the space that sets a closing double mark apart from the
        # single one it follows (a typesetting habit) does not stop it closing
        b = j
        while b > 0 and text[b] == " " and j - b < 2:
            b -= 1
        if text[b] in "'\u2019" and b > 0 and not text[b - 1].isspace():
            return "close"
        if b == j - 1 and text[b] in ",.?!" and (n is None or n.isspace()) and _attribution_follows(text, k):
            return "close"  # '"... for good, " said X': a stray space before the closing mark
    fixed = table[ch]
    if table is _SINGLE and can_open and ch != "\u2019" and _ELISIONS.match(text, i + 1):
        return None  # '90s, 'em, 'til
    if fixed == "open":
        return "close" if can_close and not can_open else "open"
    if fixed == "close":
        # Some scrapers and keyboards use the closing mark for both ends.
        if can_open and not can_close:
            return "open"
        return "close" if can_close or table is not _SINGLE else None
    if can_open and can_close:
        return "either"
    return "open" if can_open else "close" if can_close else None


_IRREGULAR_SPEECH = {"said": "say", "told": "tell", "wrote": "write"}


def _attribution_follows(text: str, at: int) -> bool:
    """Whether a verb of speech is among the next four words after ``at`` ('" said X', '" Clinton
    asked'), on the same line."""
    end = text.find("\n", at)
    for w in text[at:end if end >= 0 else len(text)].split()[:4]:
        w = w.strip(".,;:!?").lower()
        if any(f in SPEECH_VERBS for f in (_IRREGULAR_SPEECH.get(w, w), w[:-1], w[:-2], w[:-3] + "y")):
            return True
    return False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            out.append((start, end))
        start = end + 1
    return out


def _starts_with_opener(text: str, para: tuple[int, int], table: dict[str, str]) -> bool:
    s, e = para
    while s < e and text[s].isspace() or (s < e and text[s] in "•*·-–—" and s + 1 < e and text[s + 1] == " "):
        s += 1
    return s < e and text[s] in table and _role(text, s, table) in ("open", "either")


def _is_plural_possessive(text: str, i: int) -> bool:
    """``farmers' union``: a closing candidate that is more likely an apostrophe."""
    return (i > 0 and text[i - 1] in "sS" and i + 2 < len(text) and text[i + 1] == " "
            and text[i + 2].isalpha())


def _scan_family(text: str, paras: list[tuple[int, int]], table: dict[str, str],
                 masked: list[tuple[int, int]], group_base: int) -> list[QuotePiece]:
    single = table is _SINGLE
    pieces: list[QuotePiece] = []
    group = group_base
    carry: int | None = None  # group id of a quote still open at the previous paragraph end
    mstarts = [m[0] for m in masked]

    def inside_mask(i: int) -> bool:
        k = bisect.bisect_right(mstarts, i) - 1
        return k >= 0 and masked[k][0] <= i < masked[k][1]

    def emit(o: int, c: int, close_at: int, g: int) -> None:
        s, e = o + 1, c
        while s < e and (text[s].isspace() or text[s] == _PAD):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
            e -= 1
        if e > s:
            pieces.append(QuotePiece(s, e, o, close_at, g))

    for k, (ps, pe) in enumerate(paras):
        marks = [(i, r) for i in range(ps, pe) if text[i] in table and not inside_mask(i)
                 and (r := _role(text, i, table)) is not None]
        opened: int | None = None
        cur_group = group
        for j, (i, r) in enumerate(marks):
            if opened is None:
                if r in ("open", "either"):
                    opened, cur_group = i, carry if (carry is not None and i == marks[0][0]) else group + 1
                    if cur_group != carry:
                        group = cur_group
                    carry = None
                continue
            if r in ("close", "either"):
                if single and _is_plural_possessive(text, i) and marks[j + 1:] and marks[j + 1][1] != "open":
                    # "the farmers' union" inside a quote, unless the next mark opens a new
                    # quote: "were 'in bits' when ... 'Mum's tougher ...'" closes here.
                    continue
                emit(opened, i, i, cur_group)
                opened = None
            elif not single:
                # A second opening mark: the first quote lost its closing mark.
                emit(opened, i, i, cur_group)
                opened, group = i, group + 1
                cur_group = group
        carry = None
        if opened is not None:
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            if nxt is not None and _starts_with_opener(text, nxt, table):
                emit(opened, pe, pe, cur_group)  # runs on into the next paragraph
                carry = cur_group
            elif not single or _starts_with_opener(text, (ps, pe), table) or any(
                    p.group == cur_group for p in pieces):
                # The scraper dropped the closing mark: the quote ends with the paragraph.
                emit(opened, pe, pe, cur_group)
    return pieces


def _alternates(roles: list[str]) -> bool:
    """Whether quote marks with these roles pair up in order: open, close, open, close."""
    expect_open = True
    for r in roles:
        if r not in ("either", "open" if expect_open else "close"):
            return False
        expect_open = not expect_open
    return expect_open


def _unify_mixed(text: str, paras: list[tuple[int, int]]) -> str:
    """Straight double marks written as curly ones where a paragraph mixes the two kinds
    without nesting them ('“We are going to win," Trump said. "You are going to be so happy.”',
    issue 9): paired apart, neither kind balances, so the quote would swallow its attribution.
    Read as one kind they open and close in turn; each straight mark takes the curly mark of
    its role.  A paragraph whose kinds balance apart (one nested in the other) is left alone."""
    chars = list(text)
    for ps, pe in paras:
        marks = [(i, r) for i in range(ps, pe) if text[i] in _DOUBLE and (r := _role(text, i, _DOUBLE)) is not None]
        kinds = {text[i] == '"' for i, _ in marks}
        if len(kinds) < 2:
            continue
        curly = [r for i, r in marks if text[i] != '"']
        straight = [r for i, r in marks if text[i] == '"']
        if _alternates(curly) and _alternates(straight) or not _alternates([r for _, r in marks]):
            continue
        expect_open = True
        for i, _ in marks:
            if text[i] == '"':
                chars[i] = "\u201c" if expect_open else "\u201d"
            expect_open = not expect_open
    return "".join(chars)


def find_quote_spans(text: str) -> list[QuotePiece]:
    """Quoted stretches of ``text`` by their marks, outermost only, in text order.

    Double marks are paired first; single marks count only outside them (inside
    they are nested quotes, or apostrophes).  Never raises on unbalanced marks.
    """
    # Typewriter doubles from old wire copy and tokenised corpora: ``...'' and ''...''.
    text = text.replace("``", "\u201c" + _PAD).replace("''", '"' + _PAD)
    paras = _paragraphs(text)
    text = _unify_mixed(text, paras)
    # Curly and straight doubles are paired apart: a text mixing them nests one in the other.
    found: list[QuotePiece] = []
    for table in (_CURLY, _STRAIGHT, _SINGLE):
        masked = sorted((p.open_at, p.close_at + 1) for p in found)
        base = max((p.group for p in found), default=0) + 1
        found += _scan_family(text, paras, table, masked, base)
    pieces = sorted(found, key=lambda p: (p.start, -p.end))
    out: list[QuotePiece] = []
    for p in pieces:
        if out and out[-1].open_at <= p.open_at and p.close_at <= out[-1].close_at:
            continue  # nested inside the previous one
        out.append(p)
    return out


# -------------------------------------------------------------------- speakers


@dataclass(frozen=True, slots=True)
class _Speaker:
    span: tuple[int, int]
    name: str
    entity: Entity | None


class _Context:
    """Per-article lookups: token offsets, entity mentions, person subjects for pronouns."""

    def __init__(self, doc, article: Article, entities: tuple[Entity, ...], pieces: list[QuotePiece]):
        self.doc = doc
        self.article = article
        self.entities = entities
        self.paras = _paragraphs(article.text)
        self.para_starts = [p[0] for p in self.paras]
        self.quoted = sorted((p.open_at, p.close_at + 1) for p in pieces)
        self.quoted_starts = [q[0] for q in self.quoted]
        self.mentions = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: (x[0], -x[1]))
        # entity_at looks only from the first mention that can reach its span: none starts
        # further back than the longest mention is long
        self._mention_starts = [m[0] for m in self.mentions]
        self._longest = max((m[1] - m[0] for m in self.mentions), default=0)
        self.persons = [e for e in entities if e.label == "PERSON"]
        # Named persons in subject position, in text order: antecedents for "he said".
        self.person_subjects: list[tuple[int, Entity]] = []
        # Of those, the subjects of a clause inside another clause ("said he believed the bid would
        # be enough for Mr Glazer to take control"), with where their sentence starts.
        self.embedded_subjects: dict[int, int] = {}
        # Speakers named by a noun alone ("the prime minister's official spokesman said"), with
        # where their cue is and the gender their noun gives: "he added" after one is that one.
        self.unnamed_speakers: list[tuple[int, _Speaker, str | None]] = []
        # Subjects "it" and "they" point back to: organisations, peoples and places named as a
        # subject ("Apple said ... it added"; never a dateline's "(Reuters)"), and plural common
        # nouns ("Sanders supporters say ... They ...").
        self.group_subjects: list[tuple[int, Entity]] = []
        self.plural_subjects: list[tuple[int, str]] = []
        self.thing_subjects: list[tuple[int, str]] = []
        for t in doc:
            if t.dep_ not in ("nsubj", "nsubjpass") or self.in_quote(t.idx):
                continue
            person = None
            if t.pos_ == "PROPN":
                person = self.entity_at(t.idx, t.idx + len(t.text), person_only=True)
            elif t.pos_ == "NOUN":
                # "Her coach, Davor Kovac, is also ...": the name in apposition is the subject
                person = next((e for c in t.children if c.dep_ == "appos"
                               and (e := self.entity_at(c.idx, c.idx + len(c.text), person_only=True))), None)
            if person is not None:
                self.person_subjects.append((t.idx, person))
                if _embedded_clause(t):
                    self.embedded_subjects[t.idx] = t.sent.start_char
            ent = self.entity_at(t.idx, t.idx + len(t.text))
            conj = [c for c in t.children if c.dep_ == "conj"]
            if conj and all(self._someone(x) for x in [t] + conj):
                # "Johnson and Weld stumped ..., they said": people coordinated are a group
                lo, hi = _np_range(t)
                self.plural_subjects.append((t.idx, doc[lo:hi].text))
                if ent is not None and ent.label in ("ORG", "NORP", "GPE"):
                    self.group_subjects.append((t.idx, ent))
            elif ent is not None and ent.label in ("ORG", "NORP", "GPE"):
                self.group_subjects.append((t.idx, ent))
            elif (t.lower_ in ("percent", "%", "majority", "most", "half", "third", "thirds") or t.tag_ == "CD"
                  and t.lower_ not in ("one", "1")) and (not t.ent_type_ or t.ent_type_ in ("PERCENT", "CARDINAL")):
                # "29 percent of voters said they ...", "Nine in 10 voters say they ...": a share of a group
                lo, hi = _np_range(t)
                share = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "in"]  # "Nine in 10 voters"
                hi = max([hi] + [c.right_edge.i + 1 for c in share])
                self.plural_subjects.append((t.idx, doc[lo:hi].text))
            elif t.tag_ in ("NNS", "NNPS") and not t.ent_type_:
                lo, hi = _np_range(t)
                self.plural_subjects.append((t.idx, doc[lo:hi].text))
            elif t.tag_ == "NN" and t.lemma_.lower() in _DOCUMENT_NOUNS | _ORG_NOUNS:
                lo, hi = _np_range(t)  # "the report found ... it said"
                org = self.organisation(t.idx, t.lemma_.lower()) if t.lemma_.lower() in _ORG_NOUNS else None
                if org is not None and hi - lo == 2 and doc[lo].lower_ == "the":
                    self.group_subjects.append((t.idx, org))  # "the company" standing for one named
                else:
                    self.thing_subjects.append((t.idx, doc[lo:hi].text))
        self.gender = {e.id: _gender(article.text, e) for e in self.persons}
        self._cache: dict[int, _Speaker | None] = {}

    def _someone(self, t) -> bool:
        """Whether a noun names a person or group: a named entity that speaks, or a word for people."""
        ent = self.entity_at(t.idx, t.idx + len(t.text))
        if ent is not None:
            return ent.label in ("PERSON", "ORG", "NORP", "GPE")
        return t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in _SOURCE_NOUNS | _ROLE_NOUNS

    def paragraph(self, i: int) -> tuple[int, int]:
        k = max(bisect.bisect_right(self.para_starts, i) - 1, 0)
        return self.paras[k] if self.paras else (0, len(self.article.text))

    def in_quote(self, i: int) -> bool:
        k = bisect.bisect_right(self.quoted_starts, i) - 1
        return k >= 0 and self.quoted[k][0] <= i < self.quoted[k][1]

    def token_at(self, i: int):
        k = bisect.bisect_right(token_starts(self.doc), i) - 1
        return self.doc[max(k, 0)]

    def entity_at(self, start: int, end: int, person_only: bool = False) -> Entity | None:
        best = None
        first = bisect.bisect_right(self._mention_starts, start - self._longest)
        for s, e, ent in itertools.islice(self.mentions, first, None):
            if s >= end:
                break
            if e > start and (not person_only or ent.label == "PERSON"):
                rank = (ent.label == "PERSON", e - s)
                if best is None or rank > best[0]:
                    best = (rank, ent)
        return best[1] if best else None

    def by_surname(self, word: str) -> Entity | None:
        cands = [e for e in self.persons if e.name.split()[-1].lower() == word.lower()]
        return max(cands, key=lambda e: len(e.name)) if cands else None

    def antecedent(self, pos: int, speakers: list[tuple[int, Entity]], gender: str | None = None) -> Entity | None:
        """The person named last before ``pos`` as a subject or speaker whose gender does not
        contradict ``gender`` ("f"/"m" from she/he); the last one at all when every one does."""
        found = self.antecedent_at(pos, speakers, gender)
        return found[1] if found is not None else None

    def unnamed_speaker(self, pos: int, gender: str | None) -> tuple[int, _Speaker] | None:
        """The last speaker named by a noun alone before ``pos`` whose noun does not contradict
        ``gender``, with where its cue is."""
        for at, sp, noun_gender in reversed(self.unnamed_speakers):
            if at < pos and (gender is None or noun_gender in (None, gender)):
                return at, sp
        return None

    def antecedent_at(self, pos: int, speakers: list[tuple[int, Entity]],
                      gender: str | None = None) -> tuple[int, Entity] | None:
        """:meth:`antecedent` with where it was named."""
        seen = sorted((x for x in self.person_subjects + speakers if x[0] < pos), key=lambda x: -x[0])
        if gender is not None:
            # the nearest one that agrees; none when every one contradicts ("she" after
            # only men were named is someone the article has not named)
            seen = [x for x in seen if self.gender.get(x[1].id) in (None, gender)]
        # The subject of a clause inside another gives way to the sentence's own subject or speaker
        # before it: "David Cummings said he believed a bid would be enough for Mr Glazer to take
        # control. '...,' he told the BBC" is Cummings speaking.
        for k, (at, ent) in enumerate(seen):
            start = self.embedded_subjects.get(at)
            if start is None or not any(start <= at2 < at and at2 not in self.embedded_subjects
                                        for at2, _ in seen[k + 1:]):
                return at, ent
        return None

    def group_antecedent(self, pos: int, plural: bool) -> tuple[str | None, Entity | None]:
        """``(name, entity)`` that "it" (an organisation, or a report, poll or body named as a subject)
        or "they" (an organisation, a people, or a group named by a plural subject) at ``pos``
        stands for: the last one in this or the previous paragraph, or ``(None, None)``."""
        k = max(bisect.bisect_right(self.para_starts, pos) - 1, 0)
        lo = self.para_starts[k - 1] if k > 0 else 0
        labels = ("ORG", "NORP", "GPE") if plural else ("ORG", "GPE")
        best: tuple[int, str, Entity | None] | None = None
        for i, ent in self.group_subjects:
            if lo <= i < pos and ent.label in labels:
                best = (i, ent.name, ent)
        for i, name in self.plural_subjects if plural else self.thing_subjects:
            if lo <= i < pos and (best is None or i > best[0]):
                best = (i, name, None)
        return (best[1], best[2]) if best is not None else (None, None)

    def organisation(self, pos: int, noun: str) -> Entity | None:
        """The organisation "the <noun>" at ``pos`` points back to: the last one named with that
        word ("the Board" after "the National Tea Board"), or the last one that was a subject in
        this or the previous paragraph ("Apple said ... the company added")."""
        named = [(m.start, e) for e in self.entities if e.label == "ORG" and noun in fold(e.name).split()
                 for m in e.mentions if m.start < pos]
        if named:
            return max(named, key=lambda x: x[0])[1]
        _, ent = self.group_antecedent(pos, plural=False)
        return ent if ent is not None and ent.label == "ORG" else None

    def described(self, pos: int, noun: str) -> Entity | None:
        """The person last named before ``pos`` whose descriptors use ``noun`` ("the striker")."""
        best = None
        for ent in self.persons:
            if any(noun in fold(d.text).split() for d in ent.descriptors):
                before = [m.start for m in ent.mentions if m.start < pos]
                if before and (best is None or max(before) > best[0]):
                    best = (max(before), ent)
        return best[1] if best else None


def _gender(text: str, ent: Entity) -> str | None:
    """"f", "m" or None for a person, from a given name, an honorific before a mention
    ("Mrs Hughes") or a gendered descriptor ("spokeswoman", "wife"); None on conflict."""
    votes = set()
    if (g := first_name_gender(ent.name)) is not None:
        votes.add(g)
    for m in ent.mentions:
        before = text[max(0, m.start - 6):m.start].split()
        if before and (g := HONORIFIC_GENDER.get(fold(before[-1]))) is not None:
            votes.add(g)
    for d in ent.descriptors:
        for w in fold(d.text).split():
            if (g := GENDERED_WORDS.get(w)) is not None:
                votes.add(g)
    return votes.pop() if len(votes) == 1 else None


def _speaker_token(cue):
    """The token naming who speaks for cue ``cue`` (a verb or ``according``), or None."""
    if cue.lower_ == "according":
        for to in cue.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None
    agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is not None and cue.lemma_.lower() != "quote" and cue.tag_ == "VBN":
        # "Asked by Stephanopoulos to respond, Carson said", "measures added by Republicans",
        # "labeled a witch hunt by Democrats": who the passive cue names with "by" acts.
        return agent
    if cue.lemma_.lower() != "quote" and any(c.dep_ == "nsubjpass" for c in cue.children):
        # "X said every department had been asked to find savings": the agent if named,
        # else the speaker of a speech verb above; never the subject of some other verb
        # the passive clause hangs from ("the authority faced a gap and ... had been asked").
        agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
        above = next((a for a in list(cue.ancestors)[:4] if _is_cue(a)), None)
        return _speaker_token(above) if above is not None else None
    v = cue
    came_by = None
    for _ in range(4):
        if v is not cue and v.lemma_ == "quote":
            # "X quoted Y as saying": Y speaks.  "X was quoted as saying": X speaks.
            for dep in ("dobj", "nsubjpass"):
                for c in v.children:
                    if c.dep_ == dep:
                        return c
        subj = [c for c in v.children if c.dep_ == "nsubj"]
        if not subj and v.i != cue.i and came_by == "xcomp":
            # "a reporter can be heard asking", "the mayor was prompted to say": the subject of the
            # passive verb the cue completes is the one who speaks
            subj = [c for c in v.children if c.dep_ == "nsubjpass"]
        if subj:
            after = [c for c in subj if c.i > v.i]
            # of two subjects before the verb the nearer one: the parser also takes a fronted phrase for
            # one ("Anticipating blowback, the governor remarked", "Addressing the members, many of them
            # skeptical, the chief suggested")
            tok = after[0] if after else subj[-1]
            if tok.lower_ in _RELATIVE and v.dep_ == "relcl":
                return tok  # resolved to the noun it hangs from by _resolve
            if tok.lower_ in _NOT_SPEAKERS:
                return None
            return tok
        if v is cue and v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "conj"):
            # "..., adding that ...": the speaker of the nearest speech verb above, unless a
            # clause coordinated with it has a subject of its own first ("Critics say it is
            # unfair, and the union has sued, saying ...": the union speaks).
            for a in list(v.ancestors)[:4]:
                if _is_cue(a):
                    return _speaker_token(a)
                if a.dep_ == "conj" and a.pos_ in ("VERB", "AUX") and any(
                        c.dep_ in ("nsubj", "nsubjpass") for c in a.children):
                    break
        if v is cue and v.dep_ == "acl" and v.tag_ == "VBG" and v.head.dep_ in _OBJECT_DEPS and _comma_before(v):
            # "The mayor voiced frustration, telling reporters ...": a participle set off by a
            # comma after the object speaks for the clause's subject, not for the object.
            verb = next((a for a in v.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is not None and verb.i < v.i:
                came_by = "acl"
                v = verb
                continue
        if (v.dep_ == "acl" and v.head.pos_ == "NOUN" and v.head.dep_ == "dobj" and v.head.head.i < v.head.i
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and _KINDS.get(_lemma(cue)) != "thought"):
            # "The senator launched a campaign to condemn the deal": who does the noun's verb does
            # the infinitive hung from its object; one given the noun does, if named ("The ruling
            # gave the mayor a reason to speak out").  Not a thought: "have a right to know" is
            # nobody's belief.
            dative = next((c for c in v.head.head.children if c.dep_ == "dative" and c.i < v.head.i), None)
            if dative is not None:
                return dative
            came_by = "acl"
            v = v.head.head
            continue
        if (v.dep_ == "acl" and v.head.pos_ == "NOUN" and not v.head.ent_type_ and _lemma(cue) in SPEECH_VERBS
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
                and not any(c.dep_ == "poss" for c in v.head.children)
                and v.head.lemma_.lower() not in _SOURCE_NOUNS | _ROLE_NOUNS | _ISSUED):
            # "they will be under pressure to pledge ...": an infinitive hung from a noun that is no source
            # and has no owner ("Turkey's refusal to ..." is Turkey's) is done by the clause's subject
            verb = next((a for a in v.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is not None:
                came_by = "acl"
                v = verb
                continue
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
            return v.head  # "a Biden administration official, speaking on ..."
        if v.dep_ == "conj" and v.tag_ in ("VBD", "VBZ") and v.head.dep_ == "ccomp" and (
                v.head.tag_ == "VB" or any(c.tag_ == "MD" for c in v.head.children)):
            # "Putin forecast that the economy would rebound and praised Kerry": a tensed verb
            # cannot share "would", so it is the reporting verb's conjunct, and shares its subject.
            v = v.head.head
            continue
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in _CAUSATIVE and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            # "The loss led the senator to declare ...": the object of a causative verb above does
            # the infinitive (not "used the remark to attack", "urged voters to reject")
            obj = next((c for c in v.head.children if c.dep_ == "dobj" and v.head.i < c.i < v.i), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON"):
                return obj
        if v.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep", "ccomp", "parataxis") and v.head is not v:
            came_by = v.dep_
            v = v.head
            continue
        if v.dep_ == "dep" and v.tag_ in ("VBD", "VBZ", "VBP") and v.head.pos_ in ("VERB", "AUX") and v.head.i < v.i and any(
                c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.lower_ in _PRONOUNS) for c in v.head.children):
            # 'he looked into the camera, furrowed his brow and said, "..."': a tensed verb the parser left
            # unlabelled after a clause shares that clause's subject
            came_by = "conj"
            v = v.head
            continue
        return None
    return None


_OBJECT_DEPS = frozenset({"dobj", "pobj", "conj", "attr", "appos", "npadvmod", "oprd"})


def _comma_before(tok) -> bool:
    """Whether a comma stands right before ``tok``, an adverb allowed between (", recently saying")."""
    k = tok.i - 1
    if k >= 0 and tok.doc[k].pos_ == "ADV":
        k -= 1
    return k >= 0 and tok.doc[k].text == ","


_NP_DEPS = frozenset({"det", "amod", "compound", "nmod", "poss", "nummod", "case", "quantmod", "prep", "pobj",
                      "advmod", "npadvmod", "cc", "conj", "punct"})


def _plural_nearby(ctx: _Context, tok) -> tuple[str | None, Entity | None]:
    """``(name, None)`` for the people "they" stands for when no subject does: the nearest plural
    noun for people before it, in any role, in its sentence or the one before ("according to residents
    of the estate. They said ...", "fined drivers on the bridge because they did not pay"), or
    ``(None, None)``.  (An organisation named in another role than subject is left out: "they"
    after "figures from the police department" is as often the writer's last subject.)"""
    first = tok.sent.start
    if first > 0:
        first = ctx.doc[first - 1].sent.start
    for t in reversed(ctx.doc[first:tok.i]):
        if t.tag_ == "NNS" and not t.ent_type_ and t.lemma_.lower() in _PEOPLE_NOUNS and not ctx.in_quote(t.idx):
            lo, hi = _np_range(t)
            return ctx.doc[lo:hi].text, None
    return None, None


def _np_range(tok) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``tok``, without relative clauses, appositions or commas."""
    lo = hi = tok.i
    stack = [c for c in tok.children if c.dep_ in _NP_DEPS and c.dep_ != "punct"]
    while stack:
        c = stack.pop()
        if c.dep_ == "prep" and c.lower_ != "of":
            continue
        lo, hi = min(lo, c.i), max(hi, c.i)
        stack.extend(g for g in c.children if g.dep_ in _NP_DEPS and g.dep_ != "punct")
    return lo, hi + 1


def _resolve(ctx: _Context, cue, speakers: list[tuple[int, Entity]]) -> _Speaker | None:
    """Who speaks for ``cue``: its subject's mention and the entity it stands for, or None."""
    absolute = _with_absolute(cue)
    if absolute is not None:
        # "The call ended with the mayor asking ...": the noun of an absolute "with" phrase does
        # the participle after it, not the clause's subject
        sp = _resolve_token(ctx, absolute, speakers)
        if sp is not None:
            return sp
    sp = _resolve_subject(ctx, cue, speakers)
    if sp is None or _is_source(ctx, sp, cue):
        return sp
    head = _head_of(ctx, sp)
    if head.pos_ != "NOUN" or head.lemma_.lower() in _ROLE_NOUNS | _CHANNEL_NOUNS:
        return sp
    # A verb of speech, thought or stance needs a source for its subject: when the parse gives it
    # a thing ("Part of the problem, say experts, is ...", "The incident came when protesters
    # interrupted, shouting ...") the source the sentence names beside it speaks.
    other = _inverted_source(ctx, cue) or _participle_source(ctx, cue)
    if other is not None:
        alt = _resolve_token(ctx, other, speakers)
        if alt is not None and _is_source(ctx, alt, cue):
            return alt
    return sp


def _head_of(ctx: _Context, sp: _Speaker):
    """The last token of a speaker mention: its head."""
    head = ctx.token_at(sp.span[0])
    while head.i + 1 < len(ctx.doc) and ctx.doc[head.i + 1].idx < sp.span[1]:
        head = ctx.doc[head.i + 1]
    return head


def _with_absolute(cue):
    """The noun of an absolute "with" phrase whose participle ``cue`` is ("with X asking ..."), or None."""
    if cue.tag_ != "VBG" or cue.i == 0 or cue.dep_ not in ("advcl", "acl", "pcomp", "xcomp", "conj"):
        return None
    prev = cue.doc[cue.i - 1]
    for t in [prev] + list(prev.ancestors)[:3]:
        if t.dep_ == "pobj" and t.head.lower_ == "with" and t.right_edge.i == cue.i - 1 and t.pos_ in (
                "NOUN", "PROPN", "PRON"):
            return t
    return None


def _inverted_source(ctx: _Context, cue):
    """The noun phrase right after a parenthetical verb set off by a comma ("..., say experts
    like X, is ..."), or None."""
    doc = ctx.doc
    if cue.i == 0 or doc[cue.i - 1].text != "," or cue.i + 1 >= len(doc) or cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if any(c.dep_ in ("dobj", "dative") for c in cue.children):
        return None
    first = t = doc[cue.i + 1]
    while t.head.i != t.i and t.head.left_edge.i == first.i and t.head.i < cue.i + 6 and t.head.pos_ in (
            "NOUN", "PROPN"):
        t = t.head  # the head of the noun phrase that opens after the verb
    if t.pos_ not in ("NOUN", "PROPN") or ctx.in_quote(t.idx) or t.dep_ in ("dobj", "dative", "pobj"):
        return None
    # (set off by a comma of its own: not the subject of the clause said, "..., say Trump's aide
    # yanked her")
    end = t.right_edge.i
    closed = doc[end].text == "," or end + 1 < len(doc) and doc[end + 1].text == ","
    return t if closed else None


def _participle_source(ctx: _Context, cue):
    """For a participle, the subject of the nearest verb before it in its sentence ("..., when
    protesters interrupted her, shouting ..."), or None."""
    if cue.tag_ != "VBG" or cue.dep_ not in ("advcl", "xcomp", "conj") or not _comma_before(cue):
        return None
    for v in reversed(cue.doc[cue.sent.start:cue.i]):
        if v.pos_ in ("VERB", "AUX") and _finite(v) and not ctx.in_quote(v.idx):
            subj = [c for c in v.children if c.dep_ == "nsubj" and not ctx.in_quote(c.idx)]
            if subj:
                return subj[0]
    return None


def _resolve_subject(ctx: _Context, cue, speakers: list[tuple[int, Entity]]) -> _Speaker | None:
    tok = _speaker_token(cue)
    if tok is None:
        tok = _lost_subject(ctx, cue) or _inverted_object(ctx, cue)
    if tok is not None and ctx.in_quote(tok.idx):
        # '"Judge," Brafman said': the parser took a word of the quote for the subject; the
        # name beside the cue speaks.
        # (or the name before it, across its apposition: '"...," as X, a former official, put it')
        tok = _beside(ctx, cue) or _name_before(ctx, cue) or _object_after_quote(ctx, cue) or _subject_outside(ctx, cue)
    if tok is not None:
        tok = _past_dateline(ctx, tok, cue)
    if tok is not None:
        tok = _issuer(tok, cue)
    if tok is None or not any(c.isalpha() for c in tok.text) and not (tok.pos_ == "NUM" and tok.like_num):
        return None  # (a figure speaks for a poll's share: "About 4 in 10 say", "52% said")
    if tok.lower_ in _RELATIVE and tok.dep_ in ("nsubj", "nsubjpass"):
        # "Sanders, who endorsed Clinton, said": the relative pronoun is the mention in the
        # text (as annotators mark it), the noun it hangs from is who speaks.
        verb = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if verb is None or verb.head.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        sp = _resolve_token(ctx, verb.head, speakers)
        return None if sp is None else _Speaker((tok.idx, tok.idx + len(tok.text)), sp.name, sp.entity)
    sp = _resolve_token(ctx, tok, speakers)
    if sp is not None and cue.lower_ == "according" and tok.pos_ == "NOUN" and sp.span[0] <= tok.idx < sp.span[1]:
        # "according to a recent report from X", "according to a memo released Friday by X": the
        # source is the whole phrase, who made the document included (issue 9)
        end = sp.span[1]
        for t in ctx.doc[tok.i + 1:tok.right_edge.i + 1]:
            if t.is_punct or t.dep_ in ("relcl", "appos"):
                break
            end = t.idx + len(t.text)
        sp = _Speaker((sp.span[0], end), sp.name, sp.entity)
    return sp


# What may stand between a name and the tensed verb it is the lost subject of: the name's
# apposition and its parts ("X, a union official in Leeds, said").
_APPOS_PARTS = frozenset({"appos", "pobj", "prep", "compound", "amod", "nmod", "det", "poss", "case"})


def _lost_subject(ctx: _Context, cue):
    """The subject of a tensed speech verb the parser left without one, or None: in "In a statement
    to the paper, the adviser, X, said: ..." the parser hangs the name on the noun before it as an
    apposition (issue 9).  The person named (or "he"/"she") right before the cue, a comma allowed
    between, and an apposition after the name ("X, a union official in Leeds, said")."""
    if cue.lower_ == "according" or cue.tag_ not in ("VBD", "VBZ") or cue.lemma_.lower() not in SPEECH_VERBS:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in cue.children):
        return None
    return _name_before(ctx, cue)


def _name_before(ctx: _Context, cue):
    """The person named (or he/she) right before ``cue``, a comma and the name's own apposition allowed
    between ("X, a union official in Leeds, said"), or None."""
    doc = ctx.doc
    k = cue.i - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    if k < 0 or doc[k].is_punct or ctx.in_quote(doc[k].idx) or doc[k].sent.start != cue.sent.start:
        return None
    t = doc[k]
    for _ in range(6):
        if t.ent_type_ == "PERSON" and t.pos_ == "PROPN" or t.lower_ in _PRONOUNS:
            return t
        if t.dep_ not in _APPOS_PARTS or t.head.i >= t.i or t.head.i < cue.sent.start:
            return None
        t = t.head
    return None


def _inverted_object(ctx: _Context, cue):
    """The speaker after an inverted cue that the parser took for its object: in '"...?" asked
    the boy, who ...' and '"...," tweeted Sen. X (R-Ohio), a ...' the verb follows the quote's
    closing mark with no subject, and the noun right after it is who speaks (issue 9)."""
    doc = ctx.doc
    if cue.lower_ == "according" or cue.i == 0 or cue.lemma_.lower() not in SPEECH_VERBS:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in cue.children):
        return None
    before = doc[cue.i - 1]
    if not (before.text in _QUOTE_TOKENS and ctx.in_quote(before.idx - 1) if before.idx else False):
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    for comp in (c for c in cue.children if c.dep_ in ("ccomp", "advcl") and c.i > cue.i):
        # '"...," said the clerk, angered that ...', '"...," said the warden known as Sam, visiting
        # the site': the parser took the speaker for the subject of the clause after it,
        # which the comma that closes the name sets apart
        subj = next((c for c in comp.children if c.dep_ == "nsubj" and c.left_edge.i == cue.i + 1), None)
        end = subj.right_edge.i if subj is not None else 0
        if subj is not None and subj.pos_ in ("NOUN", "PROPN") and end < comp.i and "," in (
                doc[end].text, doc[end + 1].text):
            return subj
    if obj is None and not any(c.dep_ in ("ccomp", "xcomp", "dative") and c.i > cue.i for c in cue.children):
        # '"...," said Air Force Lt. Jo Smith.': a title's abbreviation split the sentence; the person
        # named in the run of names right after the cue speaks
        for t in doc[cue.i + 1:min(cue.i + 9, len(doc))]:
            if t.ent_type_ == "PERSON" and t.pos_ == "PROPN":
                ent = entity_at(doc, t.i)
                return doc[ent.end - 1] if ent is not None else t
            if not (t.pos_ == "PROPN" or t.text == "." or t.like_num):
                return None
        return None
    if obj is None or obj.left_edge.i != cue.i + 1 or obj.pos_ not in ("NOUN", "PROPN"):
        return None
    return obj


def _object_after_quote(ctx: _Context, cue):
    """The noun phrase right after an inverted cue that follows a quote's closing mark and that the
    parser took for its object, its subject taken from the quote ('"... #Cologne," tweeted a user from
    Hanover'), or None."""
    doc = ctx.doc
    before = doc[cue.i - 1] if cue.i else None
    if before is None or before.text not in _QUOTE_TOKENS or not before.idx or not ctx.in_quote(before.idx - 1):
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is None or obj.left_edge.i != cue.i + 1 or obj.pos_ not in ("NOUN", "PROPN"):
        return None
    return obj


def _subject_outside(ctx: _Context, cue):
    """The subject of the nearest verb at or above ``cue`` that is outside the quote, when the
    parser hung the cue's clause from a verb inside it: in 'X was not swayed, telling the
    crowd, "Nobody here said ..."' the quote's "said" heads the sentence (issue 9)."""
    for c in cue.children:
        if c.dep_ in ("nsubj", "nsubjpass") and ctx.in_quote(c.idx):
            k = bisect.bisect_right(ctx.quoted_starts, c.idx) - 1
            if len(ctx.article.text[ctx.quoted[k][0]:ctx.quoted[k][1]].split()) <= 3:
                return None  # a subject of its own in scare quotes: 'the "expert" has claimed'
    for a in [cue] + list(cue.ancestors)[:4]:
        if ctx.in_quote(a.idx):
            return None
        subj = [c for c in a.children if c.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(c.idx)]
        if subj and a.pos_ in ("VERB", "AUX"):
            return subj[0]
    return None


def _past_dateline(ctx: _Context, tok, cue):
    """The subject after a wire dateline the parser took for the speaker: in "WASHINGTON (AP) —
    Donald Trump and Paul Ryan pledged ..." the place is no speaker (issue 9).  The first noun or
    pronoun between the dateline and the cue that hangs from outside that stretch, else ``tok``."""
    text = ctx.article.text
    para = ctx.paragraph(tok.idx)
    start = _first_char(text, para)
    if not start <= tok.idx < cue.idx or (m := _DATELINE.match(text, start, para[1])) is None or tok.idx >= m.end():
        return tok
    doc = ctx.doc
    # "OSLO, May 2 (Reuters) - X backed the plan ..., saying": the verb's other subject
    other = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i and c.idx >= m.end()]
    if tok.dep_ in ("nsubj", "nsubjpass") and other:
        return other[0]
    span = [t for t in doc[tok.i:cue.i] if m.end() <= t.idx]
    inside = {t.i for t in span}
    for t in span:
        if t.pos_ in ("NOUN", "PROPN", "PRON") and t.head.i not in inside:
            return t
    return tok


# What a source issues ("released a statement saying", "sent a letter urging") and the verbs
# that issue it: the source speaks through it (data/lexicon/speakers.txt).
_ISSUED = frozenset(_SPEAKER_WORDS["issued"])
_ISSUING = frozenset(_SPEAKER_WORDS["issuing"])


def _issuer(tok, cue):
    """The subject of "X released a statement saying ..." or "X shot back in an article stating
    ...": a statement, letter or video a source issues carries that source's words, and PolNeAR
    draws the source as the one who issued it (issue 9).  ``tok`` unless it is such a document
    the cue hangs from."""
    noun = cue.head if cue.dep_ in ("acl", "relcl") else None
    if noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in _ISSUED:
        return tok
    if tok.i != noun.i and not (tok.lower_ in _RELATIVE and cue.dep_ == "relcl"):
        return tok
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("in", "through", "with") and verb.i > verb.head.i:
        verb = verb.head  # (not "In a statement defending X, the campaign said": the statement defends)
    elif noun.dep_ != "dobj" or verb.lemma_.lower() not in _ISSUING:
        return tok
    if verb.pos_ not in ("VERB", "AUX"):
        return tok
    subj = _speaker_token(verb)
    return subj if subj is not None and subj.i != noun.i else tok


def _beside(ctx: _Context, cue):
    """The name or pronoun right before the cue ("Brafman said") or right after it ("said
    Brafman"), outside quotes, or None."""
    doc = ctx.doc
    for k in (cue.i - 1, cue.i + 1):
        if 0 <= k < len(doc) and not ctx.in_quote(doc[k].idx) and (
                doc[k].pos_ == "PROPN" or doc[k].lower_ in _PRONOUNS | _PLURAL_PRONOUNS):
            return doc[k]
    return None


def _one_person_noun(ctx: _Context, sp: _Speaker) -> str | None:
    """The lemma of a speaker's head when it is one person who speaks for someone, named by a noun
    alone ("the prime minister's official spokesman", "a senior official"), else None.  A
    description of a person named before ("the Easyjet founder", "the prime minister's wife")
    is not: "she said" after it is still the person named."""
    doc = ctx.doc
    head = ctx.token_at(sp.span[0])
    while head.i + 1 < len(doc) and doc[head.i + 1].idx < sp.span[1]:
        head = doc[head.i + 1]  # the last token of the mention is its head
    lemma = head.lemma_.lower()
    return lemma if head.pos_ == "NOUN" and head.tag_ == "NN" and lemma in _UNNAMED_NOUNS else None


def _embedded_clause(tok) -> bool:
    """Whether ``tok``'s clause hangs inside another (a complement, an adverbial or relative clause,
    an infinitive) rather than being its sentence's own or coordinated with it."""
    head = tok.head
    while head.head.i != head.i:  # (a Token is made anew on each access: compare positions)
        if head.dep_ in ("ccomp", "xcomp", "advcl", "acl", "relcl", "pcomp", "csubj"):
            return True
        head = head.head
    return False


def _resolve_token(ctx: _Context, tok, speakers: list[tuple[int, Entity]]) -> _Speaker | None:
    """The speaker that ``tok``, the head of a cue's subject, names."""
    doc = ctx.doc
    if (owner := ticker_owner(doc, tok.i)) is not None:
        tok = doc[owner]  # "Rugby Portland Cement Plc <RBYL.L> said": the company, not its symbol
    if tok.pos_ in ("NOUN", "PROPN") and ctx.entity_at(tok.idx, tok.idx + len(tok.text), person_only=True) is None:
        # "Her neighbour Tony Briggs added", "The committee's top Republican, Sen. X, said":
        # the name beside or in apposition to a common head speaks.
        # (a name compounded before the head is an owner: "the Trump campaign said")
        named = [c for c in tok.children
                 if (c.dep_ == "appos" or c.dep_ == "compound" and tok.pos_ == "NOUN" and c.i > tok.i)
                 and ctx.entity_at(c.idx, c.idx + len(c.text), person_only=True) is not None]
        if not named and tok.pos_ == "NOUN":
            # the parser lost the apposition: "according to the study's lead author, Dr. X, a ..."
            end = _np_range(tok)[1]
            k = end + 1
            while k < len(doc) and k <= end + 3 and doc[k].pos_ == "PROPN" and ctx.entity_at(
                    doc[k].idx, doc[k].idx + len(doc[k].text), person_only=True) is None:
                k += 1  # an honorific or title: "Dr.", "Sen."
            person = ctx.entity_at(doc[k].idx, doc[k].idx + len(doc[k].text), person_only=True) if k < len(
                doc) else None
            if end < len(doc) and doc[end].text == "," and person is not None:
                # the whole name, then a comma or the sentence end: "X's lead author, Dr. Y, a ..."
                # and not "The researchers, Donald Trump's ..." (an owner, not an apposition)
                last = next((m for m in person.mentions if m.start <= doc[k].idx < m.end), None)
                after = ctx.token_at(last.end) if last is not None else None
                if after is not None and after.idx >= last.end and after.text in (",", ".", ";"):
                    named = [doc[k]]
        if named:
            tok = named[-1]
    elif tok.pos_ in ("NUM", "PRON") and tok.lower_ not in _PRONOUNS | _PLURAL_PRONOUNS | _THING_PRONOUNS | _RELATIVE:
        # "One of the men, Jo Smith, 70, said": the name in apposition speaks
        named = [c for c in tok.subtree if c.i > tok.i and c.dep_ == "appos" and c.pos_ == "PROPN"
                 and c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ","
                 and not any(g.dep_ == "case" for g in c.children)
                 and ctx.entity_at(c.idx, c.idx + len(c.text), person_only=True) is not None][:1]
        if named:
            tok = named[0]
    if tok.ent_iob_ in ("B", "I") and tok.ent_type_:
        ent = entity_at(doc, tok.i)
        lo, hi = ent.start, ent.end
    else:
        lo, hi = _np_range(tok)
    s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    text = ctx.article.text[s:e]
    head_span = (tok.idx, tok.idx + len(tok.text))
    if tok.lower_ in _PRONOUNS:
        # The pronoun is the mention; who it stands for is the speaker, or nobody named: never
        # "he" as a name (issue 9).  A speaker named by a noun alone since the last named person
        # is who "he" is: "Lord Butler said ... The prime minister's spokesman said ... But he added".
        gender = PRONOUN_GENDER.get(tok.lower_)
        named = ctx.antecedent_at(tok.idx, speakers, gender)
        unnamed = ctx.unnamed_speaker(tok.idx, gender)
        if unnamed is not None and (named is None or unnamed[0] > named[0]):
            return _Speaker(head_span, unnamed[1].name, None)
        ent = named[1] if named is not None else None
        return _Speaker(head_span, ent.name if ent else None, ent)
    if tok.lower_ in _THING_PRONOUNS | _PLURAL_PRONOUNS:
        # "it said" after "the company", "they say" after "Sanders supporters"
        name, ent = ctx.group_antecedent(tok.idx, plural=tok.lower_ in _PLURAL_PRONOUNS)
        if name is None and tok.lower_ in _PLURAL_PRONOUNS:
            name, ent = _plural_nearby(ctx, tok)
        if name is None and tok.lower_ == "it":
            # "protesters gathered outside the Springfield Herald after it backed the levy": with no
            # subject to stand for, "it" is the organisation named earlier in its sentence
            ent = next((e for ms, me, e in reversed(ctx.mentions)
                        if tok.sent.start_char <= ms and me <= tok.idx and e.label == "ORG"), None)
            name = ent.name if ent is not None else None
        return _Speaker(head_span, name, ent)
    lemma = tok.lemma_.lower()
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if lemma in _CHANNEL_NOUNS and poss is not None and tok.pos_ == "NOUN":
        # "its website says", "the campaign's statement said": the owner speaks
        if poss.lower_ in _POSSESSIVE_PRONOUNS:
            name, ent = ctx.group_antecedent(poss.idx, plural=poss.lower_ == "their")
        else:
            ent = ctx.entity_at(poss.idx, poss.idx + len(poss.text))
            name = ent.name if ent is not None else None
        return _Speaker((s, e), name if name is not None else text, ent)
    if lemma in _CHANNEL_NOUNS and tok.pos_ == "NOUN":
        # "a spokesman for the campaign said": the organisation speaks through them
        owner = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
                      for g in c.children if g.dep_ == "pobj"), None)
        org = ctx.entity_at(owner.idx, owner.idx + len(owner.text)) if owner is not None else None
        if org is not None and org.label in ("ORG", "GPE", "NORP"):
            end = max(e, owner.right_edge.idx + len(owner.right_edge.text))
            return _Speaker((s, end), ctx.article.text[s:end], org)
    if (lemma in _ORG_NOUNS and doc[lo].lower_ == "the" and hi - lo == 2 and tok.tag_ == "NN"):
        # "the company said": the organisation named last
        ent = ctx.organisation(tok.idx, lemma)
        if ent is not None:
            return _Speaker((s, e), ent.name, ent)
    ent = None
    if tok.pos_ == "PROPN" or tok.ent_type_:
        ent = ctx.entity_at(*head_span)
        if ent is None and tok.pos_ == "PROPN":
            ent = ctx.by_surname(tok.text)
    elif (tok.lemma_.lower() in _ROLE_NOUNS | _DESCRIBED_NOUNS and doc[lo].lower_ == "the" and tok.tag_ != "NNS"
          and not any(t.ent_type_ == "PERSON" for t in doc[lo:hi])):
        # (one person: "the foreign ministers said" is not the minister named last)
        lemma = tok.lemma_.lower()
        if lemma in _ROLE_NOUNS:
            ent = ctx.antecedent(tok.idx, speakers, GENDERED_WORDS.get(lemma))
        else:
            ent = ctx.described(tok.idx, lemma)
        if ent is not None:
            return _Speaker((s, e), ent.name, ent)
    return _Speaker((s, e), ent.name if ent else text, ent)


def _is_cue(tok) -> bool:
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children) or (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to")
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return True
    if lemma in _WRITTEN_CUES:
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
            subj = tok.head  # 'a sign that read "..."'
        return subj is not None and subj.lemma_.lower() in _WRITTEN
    if lemma not in _IDIOM_VERBS:
        return False
    return any((lemma, c.lower_) in _PARTICLE_CUES for c in tok.children if c.dep_ == "prt") or any(
        (lemma, c.lower_) in _OBJECT_IDIOMS for c in tok.children if c.dep_ == "dobj") or _idiom_complement(
        tok) is not None


def _idiom_complement(tok):
    """The adjective of "made (it) clear" when ``tok`` is such a verb, or None."""
    lemma = tok.lemma_.lower()
    return next((c for c in tok.children if c.dep_ in _COMPLEMENT_DEPS and (lemma, c.lower_) in _COMPLEMENT_IDIOMS),
                None)


def _cue_name(tok) -> str:
    if tok.lower_ == "according":
        return "according to"
    prt = [c.lower_ for c in tok.children if c.dep_ in ("prt", "dobj") and (tok.lemma_.lower(), c.lower_) in (
        _PARTICLE_CUES | _OBJECT_IDIOMS)] or [c.lower_ for c in [_idiom_complement(tok)] if c is not None]
    return f"{tok.lemma_.lower()} {prt[0]}" if prt else _lemma(tok)


def _cue_span(tok, article_id: str) -> Span:
    end = tok.idx + len(tok.text)
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        end = tok.doc[tok.i + 1].idx + 2
    return Span(article_id, tok.idx, end)


# ------------------------------------------------------------------ extraction


def _inline_space(tok) -> bool:
    """A space token within a line (a no-break space): no word of a quote's frame."""
    return tok.is_space and "\n" not in tok.text


def _frame(ctx: _Context, piece: QuotePiece, pieces: list[QuotePiece], para: tuple[int, int]):
    """Cue tokens in the same sentence after the quote, then before it."""
    doc = ctx.doc
    k = pieces.index(piece)
    after_limit = min([p.open_at for p in pieces[k + 1:] if p.open_at >= piece.close_at] + [para[1]])
    before_limit = max([p.close_at + 1 for p in pieces[:k] if p.close_at < piece.open_at] + [para[0]])
    after, before = [], []
    if piece.close_at < para[1]:
        t = ctx.token_at(piece.close_at + 1)
        if t.idx <= piece.close_at:
            t = doc[t.i + 1] if t.i + 1 < len(doc) else None
        while t is not None and t.idx < after_limit:
            if t.text in _SENT_END:
                break
            if not _inline_space(t):
                after.append(t)
            t = doc[t.i + 1] if t.i + 1 < len(doc) else None
    t = ctx.token_at(piece.open_at)
    t = doc[t.i - 1] if t.i > 0 and t.idx >= piece.open_at - 0 else t
    while t is not None and t.idx >= before_limit and t.idx < piece.open_at:
        if t.text in _SENT_END:
            break
        if not _inline_space(t):
            before.append(t)
        t = doc[t.i - 1] if t.i > 0 else None
    return after, before


def _frame_verb(after: list, before: list, wide: bool = False):
    """The verb of a quote's frame that is no cue of the lexicon: right after the quote with its
    subject ('"...," Toomey fumed', '"...," fumed Toomey') or right before it ending in a colon or
    comma ('Rubio fired back: "..."'), or None."""
    # ``wide``: also a longer subject ('"...?" a clerk by the back door wondered') and a name the parser took
    # for the object ('"...?" reacted Okafor.'), for a quote long enough to be kept without a speaker
    rest = [t for t in after if not (t.is_punct or t.is_space)][:8 if wide else 5]
    if rest:
        first = rest[0]
        if first.pos_ == "VERB" and first.tag_ in ("VBD", "VBZ") and any(
                c.dep_ == "nsubj" and c.i > first.i for c in first.children):
            return first  # inverted: "fumed Toomey"
        if wide and first.pos_ == "VERB" and first.tag_ == "VBD" and len(rest) > 1 and all(
                t.pos_ == "PROPN" for t in rest[1:]) and rest[-1].dep_ == "dobj" and rest[-1].head.i == first.i:
            return first  # inverted, the name taken for an object: '"...?" reacted Okafor.'

        verb = next((t for t in rest if t.pos_ == "VERB"), None)
        if verb is not None and verb.tag_ in ("VBD", "VBZ", "VBP") and any(
                c.dep_ == "nsubj" and c.left_edge.i == first.i for c in verb.children) and all(
                t.i >= verb.i or t.dep_ in ("nsubj", "compound", "det", "amod", "poss", "case", "appos")
                or any(a.dep_ == "nsubj" for a in t.ancestors) for t in rest):
            return verb
    if before and before[0].text in (":", ","):
        verb = next((t for t in before[1:4] if t.pos_ == "VERB"), None)
        if verb is not None and verb.tag_ in ("VBD", "VBZ", "VBP") and any(
                c.dep_ == "nsubj" and c.i < verb.i for c in verb.children) and not any(
                c.dep_ in ("dobj", "ccomp") and c.i < before[0].i for c in verb.children):
            return verb
    return None


def _verb_of_s_form(word: str) -> str | None:
    """The verb of speech whose third-person form ``word`` is ("notes", "stresses", "replies"), or None."""
    for cut, add in ((1, ""), (2, ""), (3, "y")):
        if len(word) > cut + 2 and word.endswith("s") and (base := word[:-cut] + add) in SPEECH_VERBS:
            return base
    return None


def _noun_cue(ctx: _Context, after: list, speakers: list[tuple[int, Entity]]):
    """The attribution right after a quote whose present-tense verb the tagger took for a noun:
    '"...," Bozell notes.', '"...," answers Bozell.' (issue 9).  A name (or he/she) and a word that
    is the -s form of a verb of speech, nothing else before the sentence ends; the choice or None."""
    rest = []
    for t in after:
        if t.is_space or t.text in _QUOTE_TOKENS or not rest and t.text == ",":
            continue
        if t.is_punct:
            break
        rest.append(t)
    if not 2 <= len(rest) <= 5:
        return None
    for word, names in ((rest[-1], rest[:-1]), (rest[0], rest[1:])):
        base = _verb_of_s_form(word.lower_)
        if base is None or word.pos_ not in ("NOUN", "PROPN") or word.text[0].isupper():
            continue
        if len(names) == 1 and names[0].lower_ in _PRONOUNS:
            pass
        elif not all(n.pos_ == "PROPN" or n.ent_type_ == "PERSON" for n in names):
            continue
        sp = _resolve_token(ctx, names[-1], speakers)
        if sp is not None:
            return sp, base, Span(ctx.article.id, word.idx, word.idx + len(word.text))
    return None


def _has_content(cue) -> bool:
    """Whether a verb has a clause or an object of its own after it ("He added, "..."", "She noted
    a rally"), unlike a bare frame ("Smith said on Monday")."""
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > cue.i for c in cue.children)


def _colon_clause(ctx: _Context, before: list, speakers: list[tuple[int, Entity]]):
    """The choice for a quote after a colon that ends a clause with a tensed verb and a subject that
    is a source ('She then turned to the crowd: "..."', 'The panel was unanimous on one point: "..."'),
    or None.  ``before``: the frame tokens before the quote, nearest first, the colon first."""
    if len(before) < 3:
        return None
    lo = before[-1].i
    top = before[1]
    while top.head.i != top.i and lo <= top.head.i < before[0].i:
        top = top.head
    # (or a clause the parser hung from a verb inside the quote: 'She apologized for it: "I was wrong"')
    hung = top.dep_ in ("ccomp", "advcl", "parataxis") and top.head.i > before[0].i and ctx.in_quote(
        top.head.idx) and not any(t.text in ("-", "--", "\u2013", "\u2014") for t in before if t.i > top.i)
    if top.pos_ not in ("VERB", "AUX") or not _finite(top) or top.dep_ not in ("ROOT", "conj") and not hung:
        return None
    if top.dep_ == "conj" and not (lo <= top.head.i < top.i):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") and lo <= c.i < top.i for c in top.children) and top.dep_ != "conj":
        return None
    sp = _resolve(ctx, top, speakers)
    if sp is None or not _is_source(ctx, sp, top) or sp.entity is None and (sp.name or "").lower() in _FIRST_PERSON:
        return None
    return sp, _cue_name(top), _cue_span(top, ctx.article.id)


def _owned_speech(ctx: _Context, piece: QuotePiece, before: list, speakers: list[tuple[int, Entity]]):
    """The choice for a quote framed by a noun of something said that has an owner: 'her remark that
    "..."', 'Clinton's response was: "..."', 'his statement on Wednesday that "..."'; or None.  The
    owner (a name, or his/her/its/their for the one named before) speaks."""
    first = ctx.token_at(piece.start)
    above = {a.i for a in first.ancestors}
    for t in before[:10]:
        if t.text in _SENT_END:
            break
        if t.pos_ != "NOUN" or t.lemma_.lower() not in _SPEECH_NOUNS and t.lower_ not in _SPEECH_NOUNS:
            continue
        poss = next((c for c in t.children if c.dep_ == "poss"), None)
        if poss is None:
            return None
        # the quote hangs from the noun ("her remark that ..."), or the noun is the subject of the verb
        # the quote completes ("Clinton's response was: ...")
        if not (t.i in above or t.dep_ in ("nsubj", "nsubjpass") and t.head.i in above):
            return None
        span = (poss.idx, poss.idx + len(poss.text))
        if poss.lower_ in ("his", "her"):
            ent = ctx.antecedent(poss.idx, speakers, "m" if poss.lower_ == "his" else "f")
            sp = _Speaker(span, ent.name if ent else None, ent)
        elif poss.lower_ in _POSSESSIVE_PRONOUNS:
            name, ent = ctx.group_antecedent(poss.idx, plural=poss.lower_ == "their")
            sp = _Speaker(span, name, ent)
        elif poss.pos_ == "PROPN":
            sp = _resolve_token(ctx, poss, speakers)
        else:
            return None
        if sp is None:
            return None
        return sp, t.lemma_.lower(), Span(ctx.article.id, t.idx, t.idx + len(t.text))
    return None


def _sentence_before(ctx: _Context, piece: QuotePiece, para: tuple[int, int], cues: list, resolved: dict,
                     writer: set[int]):
    """The choice for a quote that opens a sentence inside its paragraph, from the sentence right
    before it: its last cue with a speaker, else the last person named as its subject; or None."""
    text = ctx.article.text
    head = text[para[0]:piece.open_at].rstrip()
    if not head or head[-1] not in ".!?":
        return None
    last = ctx.token_at(para[0] + len(head) - 1)
    sent = last.sent
    lo = max(sent.start_char, para[0])
    if ctx.in_quote(lo) or any(ctx.in_quote(t.idx) for t in sent if t.idx >= para[0]):
        return None  # (a sentence with a quote of its own: its attribution is handled with it)
    prev = [t for t in cues if lo <= t.idx < last.idx and resolved.get(t.i) is not None and t.i not in writer]
    if prev:
        t = prev[-1]
        return resolved[t.i], _cue_name(t), _cue_span(t, ctx.article.id)
    subj = [(i, e) for i, e in ctx.person_subjects if lo <= i < last.idx]
    if subj:
        i, ent = subj[-1]
        return _Speaker((i, i + len(ctx.token_at(i).text)), ent.name, ent), None, None
    return None


def _clause_subject(ctx: _Context, piece: QuotePiece, speakers: list[tuple[int, Entity]]):
    """The choice for a quote no cue attributes, from the clause it stands in: the subject of the
    nearest verb above it outside the quote, when that subject is a source ('The flyer promises a "..."',
    'Okafor stood and thundered: "..."', 'Okafor laid out a vision for "..."'); or
    None."""
    doc = ctx.doc
    inside = [t for t in doc[ctx.token_at(piece.start).i:] if t.idx < piece.end]
    v = next((t.head for t in inside if not piece.start <= t.head.idx < piece.end), None)
    for _ in range(5):
        if v is None or ctx.in_quote(v.idx):
            return None
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(c.idx)), None)
        if v.pos_ in ("VERB", "AUX") and subj is not None:
            sp = _resolve_token(ctx, subj, speakers)
            if sp is None or not _is_source(ctx, sp, v):
                return None
            return sp, _lemma(v), _cue_span(v, ctx.article.id)
        if v.head is v:
            return None
        v = v.head
    return None


def _according_after(ctx: _Context, cue, resolved: dict):
    """The cue later in ``cue``'s sentence that relays the attribution itself ('X said Monday,
    according to a recording obtained by Y', '..., X noted, reported the Gazette', '..., the Gazette
    reported.'), or None."""
    doc = ctx.doc
    for t in doc[cue.i + 1:cue.sent.end]:
        if t.text in _SENT_END:
            return None
        if t.text in _QUOTE_TOKENS or ctx.in_quote(t.idx):
            continue
        if (t.lower_ if t.lower_ == "according" else t.lemma_.lower()) not in _RELAY_CUES or resolved.get(t.i) is None:
            continue
        if t.lower_ == "according" and doc[t.i - 1].text == ",":
            return t
        if t.lower_ != "according" and t.tag_ in ("VBD", "VBZ"):
            # the relaying verb and its subject, nothing else, close the sentence
            subj = _speaker_token(t)
            lo = min(t.i, subj.left_edge.i) if subj is not None else t.i
            hi = max(t.i, subj.right_edge.i) if subj is not None else t.i
            before = doc[lo - 2] if doc[lo - 1].text in _QUOTE_TOKENS else doc[lo - 1]
            if before.text == "," and (hi + 1 >= len(doc) or doc[hi + 1].text in _SENT_END):
                return t
    return None


def _parenthetical(cue, piece: QuotePiece, speech: set[int], resolved: dict):
    """A verb of speech with its subject set off by commas as a parenthetical of ``cue``'s clause, before
    the quote ("Back then, X said, she found ..."), or None."""
    doc = cue.doc
    for c in cue.children:
        if c.dep_ != "parataxis" or c.i not in speech or resolved.get(c.i) is None or c.idx >= piece.open_at:
            continue
        lo, hi = c.left_edge.i, c.right_edge.i
        if doc[lo].text == ",":
            lo += 1
        if doc[hi].text == ",":
            hi -= 1
        if lo > 0 and doc[lo - 1].text == "," and hi + 1 < len(doc) and doc[hi + 1].text == "," and any(
                g.dep_ == "nsubj" for g in c.children):
            return c
    return None


def _governs(cue, piece: QuotePiece, ctx: _Context) -> bool:
    """Whether the quote lies in ``cue``'s clause.  Not across a clause coordinated after the cue
    with its own subject: in 'a woman asked for a photo and Clinton said, "..."' the quote is
    Clinton's, not the asker's, though the parser hangs "said" from "asked"."""
    for i in (piece.start, piece.end - 1):
        for a in ctx.token_at(i).ancestors:
            if a.i == cue.i:
                return True
            if a.dep_ == "conj" and cue.i < a.i and a.pos_ in ("VERB", "AUX") and any(
                    c.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(c.idx) for c in a.children):
                break
    return False


def extract_quotes(doc, article: Article, entities: tuple[Entity, ...],
                   options: QuoteOptions | None = None) -> tuple[Quote, ...]:
    """Direct quotes and reported speech of ``article`` (parsed as ``doc``), in text order."""
    opts = options or QuoteOptions()
    text = article.text
    aid = article.id
    pieces = _split_unclosed(doc, text, find_quote_spans(text))
    ctx = _Context(doc, article, entities, pieces)
    paras = _paragraphs(text)
    para_starts = [p[0] for p in paras]

    # Resolve every cue once, in text order, so "he said" sees the speakers before it.
    speakers: list[tuple[int, Entity]] = []
    resolved: dict[int, _Speaker | None] = {}
    writer: set[int] = set()
    cues, others = [], []
    for t in doc:  # one pass: every Token spaCy makes costs
        cue, other = _is_cue(t), _other_kind(t) is not None
        if (cue or other) and not ctx.in_quote(t.idx):
            if cue:
                cues.append(t)
            if other:
                others.append(t)
    speech = {t.i for t in cues}
    for cue in sorted(cues + others, key=lambda t: t.i):
        sp = _resolve(ctx, cue, speakers)
        if sp is not None and cue.i not in speech and not _is_source(ctx, sp, cue):
            sp = None  # "the plan wants", "their refusal to support": no source holds it
        resolved[cue.i] = sp
        if sp is not None and sp.entity is None and (sp.name or "").lower() in _FIRST_PERSON:
            # The writer ("We asked her how it went.") reports, but the quote paragraphs
            # that follow are the interviewee's words, not the writer's.
            writer.add(cue.i)
        if sp is not None and sp.entity is not None and sp.entity.label == "PERSON":
            speakers.append((cue.idx, sp.entity))
        elif sp is not None and sp.entity is None and sp.name and (noun := _one_person_noun(ctx, sp)):
            ctx.unnamed_speakers.append((cue.idx, sp, GENDERED_WORDS.get(noun)))

    def para_of(i: int) -> int:
        return max(bisect.bisect_right(para_starts, i) - 1, 0)

    out: list[Quote] = []
    attributed: dict[int, tuple] = {}  # piece index -> (speaker, cue token)
    group_speaker: dict[int, tuple] = {}
    colon_named: dict[int, tuple] = {}
    group_credit: dict[int, tuple] = {}
    for k, piece in enumerate(pieces):
        para = paras[para_of(piece.open_at)]
        after, before = _frame(ctx, piece, pieces, para)
        # A cue whose clause holds the quote wins; the outermost one, because in
        # "X, said Y, had told Z that '...'" Y is the one quoted.  Then the nearest
        # cue after the quote ('"...," X said'), then the nearest before it.
        # Verbs of speech frame a direct quote ("'...,' he said"); the other cues only one inside
        # their clause ('called Trump "a horrible human being"'), never one beside it.
        # (the writer too: '"...," I said' is the writer's words; only the quote paragraphs after
        # "We asked her ..." are not)
        after_c = [t for t in after if t.i in speech and resolved.get(t.i) is not None]
        closed = text[piece.start:piece.end].rstrip().endswith(".")
        if closed:
            # '"... it." He added, "..."', '"... it." She named two towns': a quote closed
            # by a full stop ends its sentence; a cue after it with content of its own is not its frame
            after_c = [t for t in after_c if not _has_content(t)]
        before_c = [t for t in before if t.i in speech and resolved.get(t.i) is not None]
        governing = [t for t in after_c + before_c if _governs(t, piece, ctx)] or [
            t for t in before if t.i not in speech and resolved.get(t.i) is not None and t.i not in writer
            and _governs(t, piece, ctx)]
        t = None
        if governing:
            t = min(governing, key=lambda c: (len(list(c.ancestors)), c.i < piece.start))
            # '"...," Trump said, adding, "..."': a cue below it that gives the same speaker
            # ("adding", "saying") is this piece's own attribution.
            inner = [c for c in governing if c is not t and t in c.ancestors and resolved[c.i] == resolved[t.i]]
            if inner:
                t = max(inner, key=lambda c: len(list(c.ancestors)))
        elif after_c:
            t = after_c[0]
        elif before_c:
            t = before_c[0]
        elif (t := _frame_verb(after, before, long_ := len(text[piece.start:piece.end].split()) >= opts.min_words)
              ) is not None:
            # '"...," Toomey fumed', 'Rubio fired back: "..."': any verb in the frame of a quote
            # introduces it, in or out of the lexicon (not a cue set aside above); not a verb in the
            # next sentence after a closed quote that has content of its own, or, after a long
            # closed quote, any verb out of the lexicon there ('"... it." It's unclear whether')
            if closed and t.idx > piece.end and (_has_content(t) if t.i in speech else long_):
                t = None
            else:
                resolved[t.i] = _resolve(ctx, t, speakers)
                obj = [c for c in t.children if c.dep_ == "dobj" and c.pos_ == "PROPN" and c.i > t.i]
                if resolved[t.i] is None and t.idx > piece.end and obj:
                    resolved[t.i] = _resolve_token(ctx, obj[-1], speakers)  # '"...?" reacted Okafor.'
                t = t if resolved[t.i] is not None else None
        if t is not None and (aside := _parenthetical(t, piece, speech, resolved)) is not None:
            # 'Back then, X said, she found him "very quiet"': the verb of speech set off by commas
            # frames the whole sentence, the quote in it too
            t = aside
        if t is not None and (outer := _according_after(ctx, t, resolved)) is not None and outer.idx >= piece.end:
            # '"...," X said, according to a recording': the quote is the recording's account, and
            # PolNeAR draws the outer source (issue 9)
            t = outer
        choice = (resolved[t.i], _cue_name(t), _cue_span(t, aid)) if t is not None else None
        if choice is None:
            # '"...," Bozell notes.': a present-tense cue the tagger took for a plural noun
            choice = _noun_cue(ctx, after, speakers)
        if choice is None and before and before[0].text == ":":
            # 'Kasich: "We Are Going To Go All The Way"', 'HuffPollster: "..."': a name and a colon
            start = before[-1].idx
            named = _colon_speaker(ctx, start, piece.open_at + 1, quoted=True)
            if named is not None and named[1] >= piece.open_at:
                choice = named[0]
            elif (clause := _colon_clause(ctx, before, speakers)) is not None:
                # 'He then turned to the crowd: "..."', 'The senator had one answer for them: "..."':
                # the subject of the clause the colon ends sets out the quote
                choice = clause
            elif len(before) > 1 and (named := _name_before_colon(ctx, before[1])) is not None:
                colon_named[k] = named  # (after the paragraph's own speaker: 'contrasted X with Clinton: "..."')
        if (choice is None and before and before[0].text in (",", "--", "\u2013", "\u2014") and text[piece.start:piece.end][:1].isupper()
                and len(text[piece.start:piece.end].split()) >= opts.min_words
                and not _title_case(text[piece.start:piece.end])
                and (clause := _colon_clause(ctx, before, speakers)) is not None):
            # 'Trump issued a statement, "Last night ..."', 'She shared her worry with donors, "I do not
            # know ..."': a sentence quoted after a comma or a dash that ends a clause is that clause's
            # subject's, as after a colon
            choice = clause
        if choice is None and len(text[piece.start:piece.end].split()) >= opts.min_words and (
                owned := _owned_speech(ctx, piece, before, speakers)) is not None:
            # 'her remark that "..."', 'Clinton's response was: "..."': the owner of the words speaks
            choice = owned
        if choice is None and k not in colon_named and len(text[piece.start:piece.end].split()) >= opts.min_words and (
                named := _colon_speaker(
                ctx, _first_char(text, para), piece.open_at)) is not None and (
                named[0][0].entity is not None and named[0][0].entity.label == "PERSON"):
            # a headline 'Mayor Lee: City must "stop the sprawl now"': the person before the colon says
            # what follows, the quote inside it too (issue 9); a shorter quote stays a scare quote
            colon_named[k] = named[0]
        elif choice is None and k not in colon_named and (named := _on_topic(ctx, para, piece)) is not None:
            colon_named[k] = named  # a headline 'Mayor Lee on the bridge: "We will rebuild it"'
        if (dashed := _dash_credit(ctx, piece, para)) is not None and (t is None or t.idx < piece.open_at):
            # 'POLLS MISSED THE SURGE - Jane Roe: "..."': the name after the dash wins over a cue
            # in the headline before it
            choice = dashed
        if (credit := _credit_line(ctx, paras, para_of(piece.close_at), piece.close_at)) is not None:
            group_credit[piece.group] = credit
        named = _colon_speaker(ctx, piece.start, paras[para_of(piece.open_at)][1])
        if named is not None:
            # A transcript line inside quotes: '"PENCE: Well, look, ..."'.
            piece = pieces[k] = QuotePiece(named[1], piece.end, piece.open_at, piece.close_at, piece.group)
            choice = named[0]
        if choice is not None:
            attributed[k] = choice
            group_speaker.setdefault(piece.group, choice)
    last_in_para: dict[int, tuple] = {}
    group_last: dict[int, tuple] = {}
    kept: list[tuple[QuotePiece, tuple | None]] = []
    opens_para = {k for k, p in enumerate(pieces) if _first_char(text, paras[para_of(p.open_at)]) == p.open_at}
    for k, piece in enumerate(pieces):
        pi = para_of(piece.open_at)
        choice = (group_credit.get(piece.group) or attributed.get(k) or group_last.get(piece.group)
                  or group_speaker.get(piece.group))
        if choice is None and pi in last_in_para:
            choice = last_in_para[pi]  # split quote: '"...," X said. "..."'
        if choice is None and k in opens_para and pi - 1 in last_in_para:
            choice = last_in_para[pi - 1]  # a quote paragraph continuing the previous speaker
            # (unless a speech cue after the previous paragraph's last quote names someone: 'X, who calls Y
            # a "sociopath," said ... Rather, he said, ...' then the quote paragraph is the later cue's)
            last_close = max(p.close_at for p in pieces if paras[pi - 1][0] <= p.open_at < paras[pi - 1][1])
            later = [t for t in cues if last_close < t.idx < paras[pi - 1][1] and t.i in speech
                     and resolved.get(t.i) is not None and t.i not in writer]
            if later:
                choice = (resolved[later[-1].i], _cue_name(later[-1]), _cue_span(later[-1], aid))
        if choice is None and k in opens_para and pi > 0 and text[:paras[pi - 1][1]].rstrip().endswith(":"):
            # 'Caddell continued:' then the quote as its own paragraph.
            prev = [t for t in cues if paras[pi - 1][0] <= t.idx < paras[pi - 1][1] and resolved.get(t.i)
                        and t.i not in writer]
            if prev:
                choice = (resolved[prev[-1].i], _cue_name(prev[-1]), _cue_span(prev[-1], aid))
        if choice is None and k in opens_para and pi > 0:
            # A quote paragraph right after a paragraph about someone: "Mayor X set out her plan ..."
            prev = [t for t in cues if paras[pi - 1][0] <= t.idx < paras[pi - 1][1] and resolved.get(t.i)
                        and t.i not in writer]
            if prev:
                choice = (resolved[prev[-1].i], _cue_name(prev[-1]), _cue_span(prev[-1], aid))
            else:
                subj = [(i, e) for i, e in ctx.person_subjects if paras[pi - 1][0] <= i < paras[pi - 1][1]]
                if subj:
                    i, ent = subj[-1]
                    choice = (_Speaker((i, i + len(ctx.token_at(i).text)), ent.name, ent), None, None)
        if choice is None:
            choice = colon_named.get(k)
        if choice is None and k not in opens_para:
            # 'X agreed. "..."', 'X defended her budget. "..."': a quote that opens a sentence inside a
            # paragraph is the words of the one the sentence before is about (issue 9)
            choice = _sentence_before(ctx, piece, paras[pi], cues, resolved, writer)
        if choice is not None:
            last_in_para[pi] = choice
            group_last[piece.group] = choice
        words = len(text[piece.start:piece.end].split())
        if choice is None and words < opts.min_words:
            continue
        if _is_title(text, piece):
            continue  # 'told CNN's "New Day"', 'his book "A Time for Truth"': a name, not words said
        if choice is None and not _title_case(text[piece.start:piece.end]):
            # a quote nothing attributes is the words of the subject of the clause it stands in ('The flyer
            # promises a "..."', 'Okafor stood and thundered: "..."'); only once it is kept, so that no scare
            # quote turns into a quote by being given a speaker (and no title: 'published a memoir, "Bridges of
            # the Northern Coast"')
            choice = _clause_subject(ctx, piece, speakers)
        kept.append((piece, choice))
    out.extend(_join_pieces(aid, text, kept))

    # Transcript lines and headlines without quote marks: "PENCE: Well, look, ...".
    quoted_paras = {para_of(p.open_at) for p in pieces}
    for pi, (ps, pe) in enumerate(paras):
        if pi in quoted_paras:
            continue
        named = _colon_speaker(ctx, _first_char(text, (ps, pe)), pe, strict=True)
        if named is not None:
            out.append(_quote(aid, (named[1], pe), True, named[0]))

    if opts.reported:
        mixed: list[tuple[int, int, Span]] = []
        reported = _reported(ctx, sorted(cues + others, key=lambda t: t.i), resolved, pieces, opts, mixed)
        out = _widen_mixed(text, out, mixed) + reported
    out.sort(key=lambda q: (q.span.start, q.span.end, not q.direct))
    return tuple(out)


def _widen_mixed(text: str, quotes: list[Quote], mixed: list[tuple[int, int, Span]]) -> list[Quote]:
    """A reported clause that is mostly quoted is one attribution ('that he would be ''in charge of
    the economy,'' especially ''in places like coal country''', issue 9): the direct quotes its cue
    attributes inside it take the clause's bounds, their quoted words kept as ``parts``."""
    out = list(quotes)
    for s, e, cue_span in mixed:
        inside = [k for k, q in enumerate(out) if q.direct and q.cue_span == cue_span
                  and q.span.start < e and s < q.span.end]
        if not inside:
            continue
        first, last = out[inside[0]], out[inside[-1]]
        parts = tuple(p for k in inside for p in (out[k].parts or (out[k].span,)))
        start, end = min(s, first.span.start), max(e, last.span.end)
        marks = "".join(_QUOTE_TOKENS_CHARS) + " .,"
        if len(inside) == 1 and not text[start:first.span.start].strip(marks) and not text[
                last.span.end:end].strip(marks):
            continue  # the clause is the quote: 'told reporters, "We have made our final offer."'
        widened = replace(first, span=replace(first.span, start=start, end=end), parts=parts)
        out = [q for k, q in enumerate(out) if k not in inside[1:]]
        out[inside[0]] = widened
    return out


def _join_pieces(aid: str, text: str, kept: list[tuple[QuotePiece, tuple | None]]) -> list[Quote]:
    """One quote per attribution: the pieces one cue introduces are joined.

    PolNeAR's annotators (issue 9) draw one content over every piece a cue introduces:
    '"A," X said, "B."' and '"A," X said. "B."' in one paragraph, and a quote that runs
    on over several paragraphs.  The joined quote's ``span`` runs from the first piece to
    the last (the cue inside it); ``parts`` keeps the quoted pieces.
    """
    out: list[Quote] = []
    run: list[QuotePiece] = []
    run_choice = None

    def flush() -> None:
        if not run:
            return
        span = (run[0].start, run[-1].end)
        parts = tuple(Span(aid, p.start, p.end) for p in run) if len(run) > 1 else ()
        if run_choice is None:
            out.append(Quote(span=Span(aid, *span), direct=True, parts=parts))
        else:
            out.append(replace(_quote(aid, span, True, run_choice), parts=parts))

    for piece, choice in kept:
        if run and choice is not None and run_choice is not None and choice[2] is not None \
                and choice[2] == run_choice[2] and choice[0] == run_choice[0] and (
                piece.group == run[-1].group or "\n" not in text[run[-1].end:piece.start] and (
                    _opens_clause(text, piece.open_at) or not _SENTENCE_BREAK.search(text, run[-1].end, piece.open_at))):
            run.append(piece)
            continue
        flush()
        run, run_choice = [piece], choice
    flush()
    return out


def _title_case(words: str) -> bool:
    """Whether most long words are capitalised: a book's or a slogan's name ("Crippled America: How
    to Make America Great Again"), not a sentence said."""
    stop = lexicon.words("stop_words")
    long_words = [w for w in words.split() if len(w) > 3 and w[0].isalpha() and w.lower() not in stop]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def _is_title(text: str, piece: QuotePiece) -> bool:
    """A quoted name inside a sentence: a show, a book, a slogan in Title Case ("Good Morning
    America", "A Time for Truth"), never a paragraph's opening quote or a sentence."""
    words = text[piece.start:piece.end].split()
    if not words or len(words) > 7 or _opens_clause(text, piece.open_at) or text[piece.end - 1] in "!?,":
        return False
    # not "a", "of", "the", "with": a title leaves function words in lower case ("Contract with America")
    stop = lexicon.words("stop_words")
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha() and w.lower() not in stop]
    return bool(long_words) and all(w[0].isupper() for w in long_words) and words[0][0].isupper()


_SENTENCE_BREAK = re.compile(r"[.!?][\"\u201d\u2019']*\s+[\"\u201c\u2018']*[A-Z]")


def _opens_clause(text: str, at: int) -> bool:
    """Whether the quote mark at ``at`` opens a clause of its own ('X said. "B' or 'X said, "B'),
    not a title or phrase inside the cue's clause ('said on the podcast "Here's the Thing"')."""
    before = text[:at].rstrip()
    return not before or before[-1] in ",:;.!?\u2014\u2013-" or before[-1] in _QUOTE_TOKENS_CHARS


_QUOTE_TOKENS_CHARS = frozenset('"\u201c\u201d\'\u2018\u2019')


def _split_unclosed(doc, text: str, pieces: list[QuotePiece]) -> list[QuotePiece]:
    """Cut a quote that lost its closing mark at an inverted attribution inside it.

    '"This will connect the estates, said transport chief X after the vote.' : the
    scraper dropped the mark before ", said", so the quote ends at that comma.
    """
    out = []
    for p in pieces:
        if p.close_at < len(text) and text[p.close_at] != "\n":
            out.append(p)  # it has its closing mark
            continue
        cut = None
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        for t in span if span is not None else ():
            if t.i > 1 and _is_cue(t) and t.lower_ != "according":
                # ", said X" or ", X said" / ", she said"; never ", I promise" (the quote's own words).
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                prev = doc[t.i - 1] if doc[t.i - 1].text == "," and nxt is not None and nxt.pos_ in (
                    "PROPN", "DET", "NOUN", "ADJ") else (
                    doc[t.i - 2] if doc[t.i - 2].text == "," and (
                        doc[t.i - 1].pos_ == "PROPN" or doc[t.i - 1].lower_ in _PRONOUNS) else None)
                if prev is not None and prev.idx > p.start:
                    cut = prev.idx
                    break
        if cut is None:
            out.append(p)
        else:
            end = cut
            while end > p.start and text[end - 1].isspace():
                end -= 1
            out.append(QuotePiece(p.start, end, p.open_at, end, p.group))
    return out


def _quote(aid: str, span: tuple[int, int], direct: bool, choice, kind: str = "speech") -> Quote:
    sp, cue_name, cue_span = choice
    return Quote(span=Span(aid, *span), direct=direct, speaker=sp.entity.id if sp.entity else None,
                 speaker_name=sp.name, speaker_span=Span(aid, *sp.span) if cue_name else None,
                 cue=cue_name, cue_span=cue_span, kind=kind)


def _first_char(text: str, para: tuple[int, int]) -> int:
    """Offset of the first character of a paragraph after indentation and a list bullet."""
    m = _LEAD.match(text, para[0], para[1])
    return m.end() if m else para[0]


_LEAD = re.compile(r"\s*(?:[•*·▪–—-]\s+)?")
_COLON_NAME = re.compile(r"([A-Z][\w.'’\- ]{0,40}?):[ \t]+(?=\S)")
_NOT_NAMES = frozenset("""update note editor's note watch read more photos photo video breaking related source
    warning live exclusive advertisement correction clarification caption credit q a listen subscribe
    sign up share tags topics""".split())


_NAME = r"[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,4}"
# 'POLLS MISSED THE SURGE - Jane Roe: "...': a dash, a name, a colon, then the quote mark.
_DASH_NAME = re.compile(r"(?:^|\s)[-–—―]{1,2}[ \t]*(" + _NAME + r"):[ \t\xa0]*$")
# A credit line under a quote: "- Jane Roe." / "— Jane Roe, Springfield" (the horizontal bar ― is
# the typographers' dash for a quotation's credit).
_CREDIT_LINE = re.compile(r"\s*[-–—―]{1,2}[ \t]*(" + _NAME + r")[ \t]*(?:[,.(]|$)")
# The same credit on the quote's own line, after its closing mark and ending the paragraph:
# '"..." ― Jane Roe', '"..."— Jane Roe, 34, Springfield.'
_CREDIT_AFTER = re.compile(r"[ \t\xa0]*[-–—―]{1,2}[ \t\xa0]*(" + _NAME + r")[ \t]*(?:[,(][^\n]{0,60}|\.)?[ \t\xa0]*$")


def _named(ctx: _Context, s: int, e: int, person: bool = False) -> _Speaker | None:
    """The speaker a name written at ``[s, e)`` stands for: a person or organisation the article
    names (a person only when ``person``), or the name itself; None for a place, a date or a word
    that is no name."""
    name = ctx.article.text[s:e]
    if name.lower() in _NOT_NAMES or name.split()[0].lower() in _NOT_NAMES:
        return None
    ent = ctx.entity_at(s, e)
    if ent is not None and ent.label in ("GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL"):
        return None
    found = ctx.entity_at(s, e, person_only=True) or ctx.by_surname(name.split()[-1])
    if found is None and not person and ent is not None and ent.label == "ORG":
        found = ent
    if found is None and person:
        return None
    return _Speaker((s, e), found.name if found is not None else name, found)


# A headline 'Jane Roe on the bridge vote: "..."': a name, "on" and the topic, then a colon.
_ON_TOPIC = re.compile(r"(" + _NAME + r") on [^:\n]{1,80}?:[ \t\xa0]*")


def _on_topic(ctx: _Context, para: tuple[int, int], piece: QuotePiece):
    """The choice for a quote after 'NAME on TOPIC:' at the start of its paragraph, the name a
    person's (issue 9), or None."""
    start = _first_char(ctx.article.text, para)
    m = _ON_TOPIC.match(ctx.article.text, start, piece.open_at + 1)
    if m is None or m.end() != piece.open_at:
        return None
    sp = _named(ctx, m.start(1), m.end(1), person=True)
    colon = ctx.article.text.rfind(":", m.start(), m.end())
    return None if sp is None else (sp, ":", Span(ctx.article.id, colon, colon + 1))


def _dash_credit(ctx: _Context, piece: QuotePiece, para: tuple[int, int]):
    """The choice for a quote credited after a dash and before a colon, in the roundup style
    'POLLS MISSED THE SURGE - Jane Roe: "..."' (issue 9), or None."""
    m = _DASH_NAME.search(ctx.article.text, para[0], piece.open_at)
    if m is None or m.end() != piece.open_at:
        return None
    sp = _named(ctx, m.start(1), m.end(1))
    return None if sp is None else (sp, ":", Span(ctx.article.id, m.end(1), m.end(1) + 1))


def _credit_line(ctx: _Context, paras: list[tuple[int, int]], pi: int, close_at: int):
    """The choice for the quote that closes at ``close_at`` and ends paragraph ``pi`` when a credit
    naming a person follows it: on its own line ('"..." ― Jane Roe') or as the next paragraph ('"..."'
    then '- Jane Roe.' or '— Jane Roe, tweeting after the debate') (issue 9)."""
    m = _CREDIT_AFTER.match(ctx.article.text, close_at + 1, paras[pi][1])
    if m is not None:
        s = close_at + 1
    else:
        if pi + 1 >= len(paras) or ctx.article.text[close_at + 1:paras[pi][1]].strip():
            return None
        s, e = paras[pi + 1]
        m = _CREDIT_LINE.match(ctx.article.text, s, e)
    if m is None:
        return None
    sp = _named(ctx, m.start(1), m.end(1), person=True)
    if sp is None:
        return None
    dash = max(ctx.article.text.rfind(d, s, m.start(1)) for d in "-–—―")
    return (sp, "-", Span(ctx.article.id, max(dash, s), max(dash, s) + 1))


def _name_before_colon(ctx: _Context, tok):
    """A person or organisation named right before the colon that opens a quote: 'The timing
    does not surprise pollster Daron Shaw: "..."', 'IOWA POLLS TOO EARLY - Mark Blumenthal and Jon
    Cohen: "..."' (issue 9).  The choice for that quote, or None."""
    ent = entity_at(ctx.doc, tok.i)
    if ent is None or ent.end != tok.i + 1 or ent.label_ not in ("PERSON", "ORG"):
        return None
    s, e = ent.start_char, ent.end_char
    found = ctx.entity_at(s, e)
    name = found.name if found is not None else ent.text
    return (_Speaker((s, e), name, found), ":", Span(ctx.article.id, e, e + 1))


def _colon_speaker(ctx: _Context, start: int, end: int, strict: bool = False, quoted: bool = False):
    """``(choice, content_start)`` when the text at ``start`` opens with ``NAME:`` naming a person.

    ``quoted``: a quote mark follows the colon ('Ten Hag: "We gave it away."'), so a name in
    Title Case the model did not tag is a speaker too.
    """
    text = ctx.article.text
    m = _COLON_NAME.match(text, start, end)
    if m is None:
        return None
    name = m.group(1).strip()
    if name.lower() in _NOT_NAMES or len(name.split()) > 4:
        return None
    s, e = m.start(1), m.start(1) + len(name)
    ent = ctx.entity_at(s, e)
    if ent is not None and ent.label in ("GPE", "LOC", "NORP", "DATE"):
        return None
    person = ctx.entity_at(s, e, person_only=True) or ctx.by_surname(name.split()[-1])
    caps = name.replace(" ", "").replace(".", "").isupper() and sum(c.isalpha() for c in name) >= 2
    titled = quoted and all(w[:1].isupper() for w in name.split()) and len(name.split()) <= 3
    if person is None and not (caps and len(name.split()) <= (2 if strict else 3)) and not titled:
        return None
    if person is None and ent is not None and ent.label == "ORG":
        person = ent  # 'HuffPollster: "..."', 'CNN: "..."'
    sp = _Speaker((s, e), person.name if person else name, person)
    return (sp, ":", Span(ctx.article.id, m.end(1), m.end(1) + 1)), m.end()


def _content_range(cue, para: tuple[int, int]) -> tuple[int, int] | None:
    """Token range of what ``cue`` reports, within its paragraph ``para`` (character offsets), or None."""
    doc = cue.doc
    lo_sent = cue.sent.start
    while lo_sent < cue.i and doc[lo_sent].idx < para[0]:
        lo_sent += 1  # a headline without a full stop runs into the first paragraph's sentence
    hi_sent = cue.sent.end
    while hi_sent > cue.i + 1 and doc[hi_sent - 1].idx >= para[1]:
        hi_sent -= 1
    if cue.lower_ == "according":
        # The surface form is more reliable than the parse, which often hangs "according to"
        # on a name: "<content>, according to X." and "According to X, <content>."
        if cue.i > lo_sent + 2 and doc[cue.i - 1].text == ",":
            return _trim(doc, lo_sent, cue.i - 1)
        if cue.i == lo_sent or (cue.i > lo_sent and doc[cue.i - 1].text in (".", "!", "?")):
            comma = next((t.i for t in doc[cue.i + 2:hi_sent] if t.text == ","), None)
            if comma is not None and comma + 3 < hi_sent:
                return _trim(doc, comma + 1, hi_sent)
        head = cue.head
        if head is cue:
            return None
        toks = sorted(t.i for t in head.subtree)
        skip = {t.i for t in cue.subtree}
        left = [i for i in toks if i < cue.i and i not in skip]
        right = [i for i in toks if i > cue.i and i not in skip]
        left = [i for i in left if para[0] <= doc[i].idx < para[1]]
        right = [i for i in right if para[0] <= doc[i].idx < para[1]]
        side = left if len(left) >= len(right) else right
        return _trim(doc, side[0], side[-1] + 1) if side else None
    lemma = cue.lemma_.lower()
    comp = [c for c in cue.children if c.dep_ == "ccomp"]
    adj = _idiom_complement(cue)
    if adj is not None:
        # "made it clear that ...": the clause, whether it hangs from "clear" or from the verb
        comp = [c for c in adj.children if c.dep_ in ("ccomp", "advcl")] or [c for c in comp if c is not adj]
    if lemma in _FINITE_ONLY:
        comp = [c for c in comp if _finite(c)]
        if not comp:
            return None
    if not comp and lemma in _QUESTION_CUES:
        # "asked workers if they planned to ...": the parser hangs the question as a condition
        comp = [c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and any(
            m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)]
    if not comp and lemma in _XCOMP_CUES and (lemma not in _ADDRESSEE_CUES or cue.tag_ == "VBN" or any(
            c.dep_ in ("dobj", "dative", "nsubjpass") for c in cue.children)):
        comp = [c for c in cue.children if c.dep_ == "xcomp"]
    if not comp:
        # "<content>, officials said, as ...": an inverted attribution the parser hung as
        # a conjunct or parataxis; the content is the sentence up to the comma.
        subj = [c for c in cue.children if c.dep_ == "nsubj"]
        if subj:
            first = min(subj[0].left_edge.i, cue.i)
            last = max(subj[-1].right_edge.i, cue.i)
            nxt = doc[last + 1] if last + 1 < hi_sent else None
            nxt2 = doc[last + 2] if last + 2 < hi_sent else None
            # ", X said, was its biggest yet": the content goes on after the cue; ", X said,
            # as rescuers dug ...": what follows is the writer's
            parenthetical = (nxt is not None and nxt.text == "," and nxt2 is not None and nxt2.pos_ != "SCONJ"
                             and last + 3 < hi_sent)
            opens_quote = nxt is not None and (nxt.text == ":" or nxt.text in _QUOTE_TOKENS or (
                nxt.text == "," and nxt2 is not None and nxt2.text in _QUOTE_TOKENS))
            relative = any(t.tag_ in ("WP", "WDT", "WP$") for s_ in subj for t in s_.subtree) or any(
                t.text in _QUOTE_TOKENS for t in doc[lo_sent:first])  # a quote before: handled as one
            if (first > lo_sent and doc[first - 1].text == "," and not opens_quote and not relative
                    and parenthetical):
                return _trim(doc, lo_sent, hi_sent)  # spans the cue: see _reported
            if (first > lo_sent + 2 and doc[first - 1].text == "," and not parenthetical and not opens_quote
                    and not relative and _main_clause(doc[lo_sent:first - 1])):
                return _trim(doc, lo_sent, first - 1)
    if not comp and cue.dep_ == "parataxis" and cue.head is not cue:
        # "The museum, X said, would ...": the clause around a parenthetical cue is the
        # content; a span cannot skip the cue, so the larger side is kept.
        inner = {t.i for t in cue.subtree}
        if min(inner) > 0 and doc[min(inner) - 1].text in _QUOTE_TOKENS:
            return None  # '"He loves us," X said, and soon ...': the quote is the content
        idx = [t.i for t in cue.head.subtree if t.i not in inner and para[0] <= t.idx < para[1]]
        return _trim(doc, idx[0], idx[-1] + 1) if idx else None  # spans the cue: see _reported
    if not comp:
        return None
    idx = sorted(i for c in comp for i in (t.i for t in c.subtree) if para[0] <= doc[i].idx < para[1])
    if not idx:
        return None
    # "President Biden, said X, had told ...": the subject before an inverted cue is content too.
    subj = [c for c in cue.children if c.dep_ == "nsubj"]
    if len(subj) > 1 and subj[0].i < cue.i < subj[-1].i:
        idx = sorted(set(idx) | {t.i for t in subj[0].subtree})
    lo, hi = idx[0], idx[-1] + 1
    if lo < cue.i < hi:
        # Content on both sides of the cue is an inverted parenthetical; keep the larger side.
        lo, hi = (lo, cue.i) if cue.i - lo >= hi - cue.i else (cue.i + 1, hi)
    if hi <= cue.i and hi < len(doc) and doc[hi].text == ";":
        return None  # "A denies it; B said ...": a clause before a semicolon is not B's content
    if lo > cue.i:
        hi = _cut_tail(doc, lo, hi)
        lo = _past_addressee(cue, lo, hi)
    return _trim(doc, lo, hi)


def _past_addressee(cue, lo: int, hi: int) -> int:
    """``lo`` moved past the name of whom a cue addresses when the parse put it in the content.

    "Mr Lammy told BBC News Labour MPs would not get a free vote": "told" needs an addressee,
    and without "that" the parser reads "BBC News Labour MPs" as one noun phrase, the subject of
    the reported clause.  A cue that needs an addressee but has none of its own, followed at once
    by a named organisation or person that modifies a word after it, is taken to address that
    name, and the content starts after it ("Labour MPs would not get a free vote")."""
    doc = cue.doc
    if (lo != cue.i + 1 or _lemma(cue) not in _ADDRESSEE_CUES
            or any(c.dep_ in ("dobj", "dative") for c in cue.children)):
        return lo
    first = doc[lo]
    if first.lower_ == "the" and lo + 1 < hi:
        first = doc[lo + 1]
    if first.ent_iob_ != "B" and not (first.i > lo and first.ent_iob_ == "I" and doc[lo].ent_iob_ == "B"):
        return lo
    if first.ent_type_ not in ("ORG", "PERSON"):
        return lo
    end = first.i + 1
    while end < hi and doc[end].ent_iob_ == "I":
        end += 1
    root = min(doc[first.i:end], key=lambda t: sum(1 for _ in t.ancestors))  # the name's own head
    # the name must lean on a word after it (a compound or possessive glued to the clause's
    # subject), and a clause must follow: a subject and a verb of its own
    if not (end + 1 < hi and root.head.i >= end and root.dep_ in ("compound", "poss", "nmod", "amod")):
        return lo
    rest = doc[end:hi]
    if not any(t.dep_ in ("nsubj", "nsubjpass") for t in rest) or not any(t.pos_ in ("VERB", "AUX") for t in rest):
        return lo
    return end


# What the writer adds after a comma at the end of reported content: "..., a recommendation the
# Attorney General adopted", "..., referring to the convention", "..., while nine in 10 said ...".
# PolNeAR's annotators leave it out (issue 9); relative clauses and "when" clauses they keep.
_TAIL_MARKS = frozenset({"while", "whereas"})
_TAIL_BREAKS = frozenset({",", ";", "\u2014", "\u2013", "--", "("})


def _cut_tail(doc, lo: int, hi: int) -> int:
    """``hi`` moved back to the first break after which only a trailing modifier follows."""
    for k in range(lo + 1, hi - 1):
        if doc[k].text not in _TAIL_BREAKS:
            continue
        h = doc[k + 1]
        while h.head is not h and k < h.head.i < hi:
            h = h.head
        if h.head.i >= k or h.right_edge.i < hi - 1 and any(
                not t.is_punct for t in doc[h.right_edge.i + 1:hi]):
            continue  # not a modifier of what came before, or more content follows it
        first = doc[k + 1]
        if h.dep_ == "appos" or h.dep_ == "advcl" and (first.tag_ in ("VBG", "VBN") or first.lower_ in _TAIL_MARKS):
            return k
    return hi


_QUOTE_TOKENS = frozenset({'"', "''", "``", "\u201c", "\u201d", "'", "\u2018", "\u2019"})
_SUBORDINATORS = frozenset({"though", "although", "if", "when", "while", "because", "since", "as", "after",
                            "before", "unless", "until", "once", "even", "whether", "but", "and", "so", "that"})


def _main_clause(span) -> bool:
    """An independent clause: it has a subject and a tensed verb, and does not open with a
    subordinator, a participle or an infinitive ("Though that transition was seamless",
    "Lamenting their luck", "Asked about the bomb", "To prevent problems")."""
    first = span[0]
    if first.lower_ in _SUBORDINATORS or first.tag_ in ("VBG", "VBN", "TO") or first.dep_ == "mark":
        return False
    if span[-1].pos_ in ("CCONJ", "SCONJ", "ADP"):
        return False  # "... who works for RT and, X said, has ...": cut mid-clause
    # (any tensed verb: the parser often mis-heads the subject in the very sentences
    # whose attribution it also mis-attached)
    return any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in span) and any(
        t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


def _finite(verb) -> bool:
    """A clause with a tensed verb or modal: "that the company had ignored warnings"."""
    return verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in verb.children)


def _after_colon(cue, para: tuple[int, int]) -> tuple[int, int] | None:
    """The rest of the paragraph after 'X said:' when no quote mark opens it: speech set out
    without quote marks, every sentence of it the speaker's."""
    doc = cue.doc
    k = cue.i + 1
    while k < len(doc) and doc[k].dep_ in ("prt", "advmod", "npadvmod") and doc[k].idx < para[1]:
        k += 1  # "went on to say:", "said Tuesday:"
    if k + 1 >= len(doc) or doc[k].text != ":" or doc[k + 1].text in _QUOTE_TOKENS or doc[k + 1].idx >= para[1]:
        return None
    hi = k + 1
    while hi < len(doc) and doc[hi].idx < para[1]:
        hi += 1
    return _trim(doc, k + 1, hi)


def _trim(doc, lo: int, hi: int) -> tuple[int, int] | None:
    while lo < hi and (doc[lo].dep_ == "mark" and doc[lo].lower_ in ("that", "whether", "if")
                       or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return (lo, hi) if hi > lo else None


def _reported(ctx: _Context, cues, resolved, pieces: list[QuotePiece], opts: QuoteOptions,
              mixed: list | None = None) -> list[Quote]:
    doc, aid, text = ctx.doc, ctx.article.id, ctx.article.text
    out = []
    for cue in cues:
        sp = resolved.get(cue.i)
        if sp is None:
            continue
        kind = _other_kind(cue)
        para = ctx.paragraph(cue.idx)
        rng = _content_range(cue, para) if kind is None else _object_content(cue, kind, para)
        if kind is None and (colon := _after_colon(cue, para)) is not None:
            rng = colon  # 'Ten Hag said: I think we were the better side. We have to keep going!'
        if rng is not None and kind is None:
            lo, hi = rng
            words = sum(1 for t in doc[lo:hi] if not t.is_punct)
            if words < opts.min_reported_words or not any(t.pos_ in ("VERB", "AUX") for t in doc[lo:hi]):
                rng = None
        if rng is None and kind is None and cue.lower_ != "according" and cue.lemma_.lower() not in _ADDRESSED | _CLAUSE_ONLY:
            # A verb of speech with an object and no clause says something about it: "accused the
            # FDIC of trying to ...", "announced his candidacy", "praised the plan".
            rng = _object_content(cue, "stance", para)
            kind = "stance" if rng is not None else None
        if rng is None:
            continue
        lo, hi = rng
        if kind is None and cue.i > 0 and doc[cue.i - 1].text == "," and sp.span[0] > cue.idx:
            # "Part of the problem, say experts, is the ground": the parenthetical's subject
            # before it opens what the inverted source says
            subj = [c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i]
            if subj and subj[0].left_edge.i < lo and not ctx.in_quote(subj[0].idx):
                lo = subj[0].left_edge.i
        s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
        if sp.span[0] < e and s < sp.span[1] and not lo < cue.i < hi:
            continue  # the speaker sits inside: a mis-parse (unless it is a parenthetical cue)
        # A complement that is mostly a direct quote has been reported already; the quote takes
        # the complement's bounds (see _widen_mixed).
        covered = sum(max(0, min(e, p.end) - max(s, p.start)) for p in pieces)
        if covered >= 0.6 * (e - s):
            if mixed is not None and not lo < cue.i < hi:
                # (not a clause around a parenthetical cue: '"...," she said, in a caution to X')
                mixed.append((s, e, _cue_span(cue, aid)))
            continue
        for p in pieces:  # never cut a quote in two: "... to 'keep the details under wraps.'"
            if p.start < e < p.end:
                e = p.end
            if p.start < s < p.end:
                s = p.start
        para = ctx.paragraph(s)
        if s == _first_char(text, para) and (m := _DATELINE.match(text, s, e)) is not None:
            s = m.end()  # "NAIROBI, March 3 (Reuters) - Kenya's exports rose ..."
        out.append(_quote(aid, (s, e), False, (sp, _cue_name(cue), _cue_span(cue, aid)),
                          kind=_KIND_OF.get(kind, "speech")))
    return out



def _lemma(tok) -> str:
    """The token's lemma, mended where the lemmatiser cut a silent "e" a cue has: "hoping" is
    "hope", not "hop" (issue 9; "hopping" keeps "hop")."""
    lemma = tok.lemma_.lower()
    if tok.lower_ == lemma + "ing" and lemma not in _KINDS and lemma + "e" in _KINDS:
        return lemma + "e"
    return lemma


def _other_kind(tok) -> str | None:
    """``thought``, ``intent``, ``stance`` or ``seeing`` for a cue that is not a verb of speech."""
    if tok.pos_ != "VERB":
        return None
    return _KINDS.get(_lemma(tok))


# Prepositions that carry a stance's content after its object: "see him as a threat".
_OBJECT_PREPS = frozenset(_VERBS["object_preps"])
# Cues whose content may be a preposition's object alone: "called for a ban", "voted against it".
_PREP_PAIRS = [tuple(pair.split()) for pair in _VERBS["prep_content"]]
_PREP_STANCES = {verb: frozenset(p for v, p in _PREP_PAIRS if v == verb) for verb, _ in _PREP_PAIRS}


def _object_content(cue, kind: str, para: tuple[int, int]) -> tuple[int, int] | None:
    """Token range of what a thought, intent, stance or seeing cue attributes (PolNeAR draws the
    clause, the infinitive, or the object with its complement), or None."""
    doc = cue.doc
    kids = [c for c in cue.children if c.i > cue.i and para[0] <= c.idx < para[1]]
    comp = [c for c in kids if c.dep_ == "ccomp"]
    if kind in ("thought", "seeing") and comp:
        return _content_range(cue, para) or _trim(doc, comp[0].left_edge.i, comp[-1].right_edge.i + 1)
    if not comp:
        comp = [c for c in kids if c.dep_ == "xcomp"]
    if not comp:
        obj = [c for c in kids if c.dep_ in ("dobj", "dative")]
        if obj:
            comp = obj + [c for c in kids if c.i > obj[0].i and (
                c.dep_ in ("oprd", "ccomp", "xcomp") or c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS
                and not any(g.ent_type_ in ("DATE", "TIME") for g in c.subtree))]  # not "on Tuesday"
            if kind == "seeing" and len(comp) == len(obj):
                return None  # "saw the crowd": seeing attributes only "X as Y"
        else:
            prep = [c for c in kids if c.dep_ == "prep" and c.lower_ in _PREP_STANCES.get(_lemma(cue), ())]
            if not prep:
                return None
            objs = [g for g in prep[0].children if g.dep_ in ("pobj", "pcomp")]
            if not objs:
                return None
            return _trim(doc, objs[0].left_edge.i, objs[-1].right_edge.i + 1)
    if not comp:
        return None
    lo = min(c.left_edge.i for c in comp)
    return _trim(doc, lo, _cut_tail(doc, lo, max(c.right_edge.i for c in comp) + 1))


def _is_source(ctx: _Context, sp: _Speaker, cue) -> bool:
    """Whether a thought or stance's subject is a source: a named person, group or body, a
    pronoun for one, or a noun for people, bodies or documents ("critics", "the poll")."""
    if sp.entity is not None:
        return sp.entity.label in ("PERSON", "ORG", "NORP", "GPE")
    tok = ctx.token_at(sp.span[0])
    head = ctx.doc[tok.i]
    while head.i + 1 < len(ctx.doc) and ctx.doc[head.i + 1].idx < sp.span[1]:
        head = ctx.doc[head.i + 1]  # the last token of the mention is its head
    words = {head.lower_, head.lemma_.lower()}
    if head.pos_ == "PRON":
        return bool(words & (_PRONOUNS | _PLURAL_PRONOUNS | _FIRST_PERSON | _RELATIVE | {"you", "it"}))
    return bool(words & _SOURCE_NOUNS) or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
