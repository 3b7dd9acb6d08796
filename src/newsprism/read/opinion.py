"""Opinion: sentences that are the writer's commentary rather than reporting.

``extract_opinions(doc, article, quotes)`` scores each sentence (split again at
line breaks: a blog's aside and the headline above it are not one sentence) on
cues that a writer, not a source, is speaking:

* ``interjection``: the sentence opens with "Geez", "wow", "yeah", "ugh", ...
* ``first-person``: I/me/my/we/us/our outside quotation marks
* ``rhetorical-question``: a question, "who knows", outside quotes
* ``sarcasm``: "as if" opening a sentence, "yeah right", "how convenient",
  a trailing ellipsis, "just" + progressive irony ("are just visiting")
* ``evaluative``: comment adverbs ("Sadly,", "Predictably,"), loaded words from
  a small hand-written subjectivity lexicon (``_LOADED``), pretence verbs
  ("feigning", "pretending") said of someone
* ``exclamation``: "!" outside quotes

Everything inside quotation marks, inside a :class:`Quote` span, or in the
complement of a speech verb ("The envoy warned of Russia's very provocative
actions") belongs to a source, not the writer, and is ignored.  Features
combine as independent evidence (``1 - prod(1 - w)``); a sentence is flagged
at ``threshold``.  Weights are set for precision first: one loaded adjective in
plain reporting is not enough, and neither is a lone ellipsis or "you".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon
from ..records import Article, Opinion, Quote, Span

# the opinion reader's word lists: data/lexicon/opinion.txt
_WORDS = {name: frozenset(words) for name, words in lexicon.table("opinion").items()}

_INTERJECTIONS = _WORDS["interjections"]
_FIRST_PERSON = _WORDS["first_person"]
_COMMENT_ADVERBS = _WORDS["comment_adverbs"]
# A small subjectivity lexicon of words a wire reporter does not use in their own voice.
_LOADED = _WORDS["loaded"]
# Comment phrases opening a sentence: "Of course, ...", "To be fair, ..." (the writer stepping in).
_COMMENT_OPENERS = re.compile(
    r"^\W*(?:of course|to be fair|in fairness|needless to say|admittedly|let'?s be honest|let'?s face it|"
    r"mind you|to be sure|in other words|sure enough)\s*,", re.I)
# Idioms of a writer's voice, rarely found unquoted in reporting.
_WRITER_IDIOMS = re.compile(
    r"\b(?:here'?s hoping|let'?s hope|don'?t hold your breath|nice work if you can get it|"
    r"for reasons known only to|(?:none of this|this|that) is not to say|none of this is to say|"
    r"believe it when i see it|you couldn'?t make it up|what could (?:possibly )?go wrong|fingers crossed|"
    r"time will tell|mark my words|you have to wonder|one has to wonder|call me (?:cynical|old-fashioned))\b",
    re.I)
# Calls to action left by page furniture are imperatives too, but not opinion.
_WIDGET_VERBS = _WORDS["widget_verbs"]
# Saying someone only pretends: the writer's judgement, not a report.
_PRETENCE = _WORDS["pretence"]
_INTENSIFIERS = _WORDS["intensifiers"]
_SARCASM_PHRASES = (
    re.compile(r"^\W*(?:\w+\s*,\s*)?as if\b", re.I),
    re.compile(r"\byeah,? right\b|\bsure,? (?:jan|buddy|thing)\b|\bhow convenient\b|\bwhat a surprise\b|"
               r"\bsurprise,? surprise\b|\bgo figure\b|\bwho would have thought\b|\bwho'?d have thought\b|"
               r"\bnothing to see here\b|\bof course they\b", re.I),
)
_WHO_KNOWS = re.compile(r"\b(?:who knows|god knows|heaven knows|who can say|who could blame)\b", re.I)
_ELLIPSIS = re.compile(r"(?:…|\.{3,})\s*$|(?:…|\.\.\.)\s+[A-Z]")
# Verbs whose complement is someone else's words or view.
_CUES = _WORDS["cues"]
_REPORTED_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "advcl", "obj", "pobj", "attr", "oprd", "dative"})

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}


@dataclass(frozen=True, kw_only=True)
class OpinionOptions:
    """``threshold``: least combined score to flag a sentence."""

    threshold: float = 0.6


def quoted_mask(text: str) -> bytearray:
    """1 for every character inside quotation marks (the marks included).

    Quotes are closed at each paragraph end: a quote running over paragraphs
    reopens with a mark, and an unbalanced mark left by a scraper cannot
    swallow the rest of the article.
    """
    mask = bytearray(len(text))
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        p0, seg = para.start(), para.group()
        opened: int | None = None
        closer = ""
        single_open: int | None = None
        for k, ch in enumerate(seg):
            if opened is None:
                if ch in _OPEN_CLOSE:
                    opened, closer = k, _OPEN_CLOSE[ch]
                elif ch == '"':
                    opened, closer = k, '"'
                elif ch in "'‘" and single_open is None:
                    before = seg[k - 1] if k else " "
                    after = seg[k + 1] if k + 1 < len(seg) else " "
                    if (before.isspace() or before in "([—-:") and after.isalnum():
                        single_open = k
                elif ch in "'’" and single_open is not None:
                    before = seg[k - 1]
                    after = seg[k + 1] if k + 1 < len(seg) else " "
                    if not before.isspace() and not after.isalpha():
                        mask[p0 + single_open : p0 + k + 1] = b"\x01" * (k + 1 - single_open)
                        single_open = None
            elif closer == '"' and ch == '"' and k and seg[k - 1].isspace() and seg[k + 1 : k + 2].strip():
                # a straight mark after a space and before a word opens, it does not close: the
                # quote goes on over a paragraph break that the source flattened ('... afterwards. "I was')
                continue
            elif ch == closer or (closer == '"' and ch == "”"):
                mask[p0 + opened : p0 + k + 1] = b"\x01" * (k + 1 - opened)
                opened = None
        if opened is not None:
            mask[p0 + opened : p0 + len(seg)] = b"\x01" * (len(seg) - opened)
        if single_open is not None and seg[single_open] in "'‘" and single_open < 2:
            # a paragraph opening with a single quote that never closes: tabloid multi-paragraph quote
            mask[p0 + single_open : p0 + len(seg)] = b"\x01" * (len(seg) - single_open)
    return mask


def _pieces(doc):
    """Sentences, split again at line breaks (headlines, list items, blog asides)."""
    for sent in doc.sents:
        start = sent.start
        prev = None  # the token before, kept rather than made again with doc[tok.i - 1]
        for tok in sent:
            if tok.is_space and "\n" in tok.text and tok.i > start:
                yield doc[start : tok.i]
                start = tok.i + 1
            elif tok.i > start and "\n" in prev.whitespace_ and not prev.is_space:
                yield doc[start : tok.i]
                start = tok.i
            elif tok.i > start + 1 and prev.text in ("…", "...") and tok.is_title:
                # "...ready to invade… Russia did this before": an ellipsis ends the aside
                yield doc[start : tok.i]
                start = tok.i
            prev = tok
        if start < sent.end:
            yield doc[start : sent.end]


def _reported(sent) -> set[int]:
    """Token indices that carry a source's words or view: complements of speech verbs."""
    out: set[int] = set()
    for tok in sent:
        if tok.lemma_.lower() in _CUES and tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if child.dep_ in _REPORTED_DEPS:
                    out.update(t.i for t in child.subtree)
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            out.update(t.i for t in sent)
    return out


def _in_title(tok) -> bool:
    """Part of a Title Cased name: "We Are The World", "A Fool Such As I", and in a sentence
    written in lower case, "I'm A Celebrity", "I'll Stand By You", "I Want You Back"."""
    doc = tok.doc
    if tok.text[:1].islower():
        return False
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prev is not None and prev.is_alpha and prev.is_title and not prev.is_sent_start:
        return True
    if tok.is_sent_start or nxt is None:
        return False
    if tok.lower_ != "i":
        return nxt.is_title
    # "I" is always written capital, so a capital word after it ("I Want You Back", past a
    # clitic: "I'm A Celebrity") marks a title only where the sentence around is not itself
    # written in title case (a headline "Why I Love London" is the writer's own voice).
    if nxt.text[:1] in ("'", "’") and tok.i + 2 < len(doc):
        nxt = doc[tok.i + 2]
    return nxt.is_alpha and nxt.is_title and _lower_case_sentence(tok.sent)


def _lower_case_sentence(sent) -> bool:
    """Most of the sentence's words (past its first) start with a small letter."""
    words = [t for t in sent[1:] if t.is_alpha and t.lower_ != "i"]
    return bool(words) and sum(1 for t in words if t.is_title) < 0.5 * len(words)


def _names_a_title(tok) -> bool:
    """A capital word right after ``tok`` that no person, place or group entity holds: "Bet
    Direct and Bet 365 also tip The Aviator", "Hide And Seek ... fell one place" are names, not
    commands to the reader ("Ask Gordon Brown", "Visit London" are)."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (nxt is not None and nxt.is_alpha and nxt.is_title
            and nxt.ent_type_ not in ("PERSON", "GPE", "LOC", "NORP", "FAC"))


def _name_list(sent) -> bool:
    """A list of names (a team sheet, a cast, a bench: "Rovers: Hart; Boyle, Joke, Silly"):
    capitalised words between commas and semicolons and no tensed verb.  Names are never the
    writer's opinion, whatever words they happen to be (issue 9)."""
    words = [t for t in sent if t.is_alpha]
    separators = sum(1 for t in sent if t.text in (",", ";"))
    if len(words) < 3 or separators < 2:
        return False
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent):
        return False
    return sum(1 for t in words if t.text[:1].isupper()) >= 0.8 * len(words)


def _score(sent, mask: bytearray, fp_weight: float = 1.0) -> tuple[float, str] | None:
    if _name_list(sent):
        return None
    toks = [t for t in sent if not t.is_space]
    outside = [t for t in toks if not mask[t.idx]]
    alpha_out = [t for t in outside if t.is_alpha]
    alpha_all = [t for t in toks if t.is_alpha]
    # mostly quoted: the speaker's sentence, not the writer's
    if not alpha_out or len(alpha_out) < 0.5 * len(alpha_all):
        return None
    text_out = " ".join(t.text for t in outside)
    reported = _reported(sent)
    feats: list[tuple[float, str]] = []

    first = alpha_out[0]
    if first.i == toks[0].i or (toks[0].is_punct and first.i == toks[1].i if len(toks) > 1 else False):
        if first.lower_ in _INTERJECTIONS and (first.i + 1 >= len(sent.doc) or not sent.doc[first.i + 1].is_alpha or first.lower_ in ("geez", "jeez", "yea", "yeah", "lol", "ugh", "sheesh", "wow")):
            feats.append((0.85, "interjection"))
        if first.lower_ in _COMMENT_ADVERBS and first.i + 1 < len(sent.doc) and sent.doc[first.i + 1].text == ",":
            feats.append((0.6, "evaluative"))
        # an imperative addressed to the reader: "Don't hold your breath.", "Forgive me if..."
        root = sent.root
        head_tok = first if first.lower_ not in ("do", "don't", "dont") else root
        if (root.tag_ == "VB" and root.i == head_tok.i and root.lower_ not in _WIDGET_VERBS
                and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
                and not _names_a_title(root)
                and (toks[-1].text in (".", "!") and not mask[toks[-1].idx])):
            feats.append((0.6, "imperative"))
    # token text joins clitics with a space ("Here 's hoping"): glue them back for the phrase lexicons
    glued = re.sub(r"\s+(?=['’]\w|n['’]t\b)", "", text_out).replace("’", "'")
    if _COMMENT_OPENERS.search(glued):
        feats.append((0.6, "evaluative"))
    # a comment adverb set off by commas mid-sentence: "It is, genuinely, lovely."
    for t in alpha_out[1:]:
        if (t.lower_ in _COMMENT_ADVERBS | {"genuinely", "admittedly"} and t.i + 1 < len(sent.doc)
                and sent.doc[t.i - 1].text == "," and sent.doc[t.i + 1].text == ","):
            feats.append((0.6, "evaluative"))
            break
    if _WRITER_IDIOMS.search(glued):
        feats.append((0.75, "sarcasm"))
    fp = [t for t in alpha_out if t.lower_ in _FIRST_PERSON and t.pos_ == "PRON" and t.text != "US" and not _in_title(t)]
    if fp:
        w = 0.8 if any(t.lower_ in ("i", "me", "my", "myself") for t in fp) else 0.7
        # "I rode it on Sunday morning": the writer narrating what they did is reporting, not opinion
        if all(t.dep_ == "nsubj" and t.head.tag_ == "VBD" for t in fp):
            w = 0.5
        feats.append((w * fp_weight, "first-person"))
    last = toks[-1]
    if last.text == "?" and not mask[last.idx]:
        feats.append((0.7, "rhetorical-question"))
    if _WHO_KNOWS.search(text_out):
        feats.append((0.8, "rhetorical-question"))
    if last.text == "!" and not mask[last.idx]:
        feats.append((0.55, "exclamation"))
    if any(p.search(text_out) for p in _SARCASM_PHRASES):
        feats.append((0.75, "sarcasm"))
    if _ELLIPSIS.search(sent.text) and not mask[max(sent.start_char, sent.end_char - 1)]:
        feats.append((0.4, "sarcasm"))
    # "those troops are just visiting": mock understatement
    for t in alpha_out:
        if t.lower_ == "just" and t.i + 1 < len(sent.doc) and sent.doc[t.i + 1].tag_ == "VBG" and t.head.tag_ == "VBG":
            if any(c.dep_ == "aux" for c in t.head.children):
                feats.append((0.3, "sarcasm"))
                break
    loaded = [t for t in alpha_out if t.lower_ in _LOADED and t.i not in reported]
    for t in loaded[:2]:
        boost = 0.1 if any(c.lower_ in _INTENSIFIERS for c in t.children) else 0.0
        feats.append((0.45 + boost, "evaluative"))
    for t in alpha_out:
        if t.lemma_.lower() in _PRETENCE and t.pos_ == "VERB" and t.i not in reported:
            feats.append((0.65, "evaluative"))
            break
    if any(t.lower_ in ("you", "your", "yourself") and t.pos_ == "PRON" for t in alpha_out):
        feats.append((0.3, "evaluative"))
    if not feats:
        return None
    miss = 1.0
    for w, _ in feats:
        miss *= 1.0 - w
    reason = max(feats)[1]
    return 1.0 - miss, reason


def _fragment(sent, mask: bytearray) -> bool:
    """An unquoted sentence without a verb of its own: "Not the 6,000 residents who signed it."."""
    toks = [t for t in sent if not t.is_space]
    return bool(toks) and not mask[toks[0].idx] and sent.root.pos_ not in ("VERB", "AUX")


def extract_opinions(
    doc, article: Article, quotes: tuple[Quote, ...], options: OpinionOptions | None = None
) -> tuple[Opinion, ...]:
    """Sentences of ``doc`` written in the writer's own voice, in text order."""
    opts = options or OpinionOptions()
    body = article.text  # the Doc's text (Doc.text would join every token again)
    mask = quoted_mask(body)
    for q in quotes:
        # What a source said is not the writer's voice; what the writer says a source thinks,
        # wants or backs ("if the council wants people out of their cars, ...") can be.
        if q.span.article_id == article.id and q.kind == "speech":
            mask[q.span.start : q.span.end] = b"\x01" * (q.span.end - q.span.start)
    pieces = [p for p in _pieces(doc) if body[p.start_char:p.end_char].strip()]
    # An article where first person runs through most unquoted sentences is a transcript or a
    # Q&A printed without quote marks: those voices are the interviewees', so first person
    # alone stops counting there.
    fp_count = sum(
        1 for p in pieces
        if any(t.lower_ in _FIRST_PERSON and t.pos_ == "PRON" and not mask[t.idx] and t.text != "US" for t in p)
    )
    fp_weight = 0.4 if len(pieces) >= 8 and fp_count >= 0.35 * len(pieces) else 1.0
    out: list[Opinion] = []
    prev_question: int | None = None  # end char of a flagged rhetorical question just before
    for sent in pieces:
        scored = _score(sent, mask, fp_weight)
        answers = prev_question is not None and "\n" not in body[prev_question : sent.start_char]
        prev_question = None
        if answers and (scored is None or scored[0] < opts.threshold) and _fragment(sent, mask):
            # hypophora: "And who asked for this? Not the residents who signed the petition."
            scored = (opts.threshold, "rhetorical-question")
        if scored is None or scored[0] < opts.threshold:
            continue
        if scored[1] == "rhetorical-question":
            prev_question = sent.end_char
        # trim surrounding whitespace so the span is the sentence itself
        s, e = sent.start_char, sent.end_char
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        out.append(Opinion(span=Span(article.id, s, e), reason=scored[1], score=round(scored[0], 3)))
    return tuple(out)
