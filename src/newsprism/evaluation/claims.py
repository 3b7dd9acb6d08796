"""Claim checking: balanced accuracy of ``check_claim`` (supported vs not).

(a) Minimal edits of real sentences, built at run time from ../shared/corpora (Reuters-21578
    and BBC News), never stored: for each picked sentence, faithful paraphrases (synonym
    substitution, clause reordering, a dropped modifier) and one edit of each kind that
    changes its meaning (swapped entity, changed number, negation, antonym, reversed roles),
    each checked against its source article.  Caveat: the antonym edits draw on a word list
    that overlaps the checker's own lexicon, so that kind measures coverage of the lexicon
    more than generalisation.
(b) GLUE RTE dev (premise as the article, hypothesis as the claim; supported == entailment)
    and SICK trial (ENTAILMENT vs NEUTRAL/CONTRADICTION).

``run(limit=...)`` caps each set for quick gates; ``python -m newsprism.evaluation.claims``
prints the full numbers.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..records import Article, ArticleFacts

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SEED = 20240305

# Synonyms for faithful paraphrase: (word as written) -> replacement.  Kept apart from
# the checker's lexicons on purpose.
_SYNONYMS = {
    "said": "stated", "says": "states", "rose": "climbed", "fell": "dropped", "increased": "grew",
    "bought": "purchased", "buy": "purchase", "sold": "offloaded", "big": "large", "large": "big",
    "begin": "start", "began": "started", "started": "began", "ended": "finished", "show": "indicate",
    "showed": "indicated", "shows": "indicates", "help": "assist", "helped": "assisted", "told": "informed",
    "expected": "anticipated", "about": "around", "company": "firm", "firm": "company", "plans": "intends",
    "planned": "intended", "agreed": "consented", "announced": "unveiled", "reported": "posted",
    "strong": "robust", "quickly": "rapidly", "major": "leading", "main": "principal", "earlier": "previously",
    "also": "additionally", "government": "administration", "officials": "authorities", "need": "require",
    "needs": "requires", "used": "employed", "received": "got", "made": "produced", "gave": "provided",
    "added": "continued", "chief": "head", "shares": "stock", "profits": "earnings", "profit": "earnings",
}
_ANTONYM_EDITS = {
    "rose": "fell", "fell": "rose", "increased": "decreased", "decreased": "increased", "higher": "lower",
    "lower": "higher", "gained": "lost", "lost": "gained", "won": "lost", "strong": "weak", "weak": "strong",
    "profit": "loss", "loss": "profit", "up": "down", "down": "up", "bought": "sold", "sold": "bought",
    "more": "less", "before": "after", "after": "before", "approved": "rejected", "rejected": "approved",
    "accepted": "rejected", "large": "small", "small": "large", "above": "below", "below": "above",
    "surplus": "deficit", "deficit": "surplus", "imports": "exports", "exports": "imports", "first": "last",
    "good": "bad", "best": "worst", "better": "worse", "early": "late", "rise": "fall", "expanded": "shrank",
    "open": "closed", "opened": "closed", "supported": "opposed", "increase": "decrease", "agreed": "refused",
}
_MODIFIER_DEPS = frozenset({"advmod", "amod"})
_KEEP_MODIFIERS = frozenset({"not", "n't", "never", "no", "only", "also", "more", "less", "most", "least", "first",
                             "last", "new", "former"})
_EDIT_KINDS = ("entity", "number", "negation", "antonym", "roles")


@dataclass(frozen=True, slots=True)
class Case:
    claim: str
    kind: str  # "original" | "synonym" | "reorder" | "drop-modifier" | one of _EDIT_KINDS
    supported: bool
    article: int


def _articles(limit_per_corpus: int) -> list[tuple[str, str]]:
    out = []
    for name, field in (("reuters21578", "body"), ("bbc-news", "text")):
        path = SHARED / "corpora" / f"{name}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        rng = random.Random(SEED)
        rng.shuffle(rows)
        n = 0
        for row in rows:
            text = " ".join((row.get(field) or "").split())
            if 80 <= len(text.split()) <= 500:
                out.append((f"{name}:{row.get('newid') or row.get('id')}", text))
                n += 1
                if n >= limit_per_corpus:
                    break
    return out


def _join(tokens) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _replace(sent, i: int, new: str) -> str:
    toks = list(sent)
    j = i - sent.start
    return "".join(t.text_with_ws if k != j else new + t.whitespace_ for k, t in enumerate(toks)).strip()


def _paraphrases(sent) -> list[tuple[str, str]]:
    out = []
    subs = [(t.i, _SYNONYMS[t.lower_]) for t in sent if t.lower_ in _SYNONYMS and t.pos_ in ("VERB", "NOUN", "ADJ", "ADV")]
    if subs:
        i, new = subs[0]
        tok = sent.doc[i]
        out.append(("synonym", _replace(sent, i, new.capitalize() if tok.is_title else new)))
    text = sent.text.strip().rstrip(".")
    # "..., X said" -> "X said ...": the attribution moved to the front
    m = re.match(r"^(.{30,}?),\s+((?:the |a )?[\w.\- ]{2,40}?)\s+(said|says|told reporters)$", text)
    if m:
        body = m.group(1)
        out.append(("reorder", f"{m.group(2)[0].upper()}{m.group(2)[1:]} {m.group(3)} {body[0].lower() + body[1:] if not body.split()[0].isupper() and not sent[0].ent_type_ else body}."))
    else:
        first = sent[0]
        if first.dep_ == "prep" and first.head.dep_ == "ROOT":
            pp = list(first.subtree)
            rest = [t for t in sent if t not in pp and not (t.i == pp[-1].i + 1 and t.text == ",")]
            if len(pp) <= 8 and rest:
                body = _join(rest).rstrip(".")
                lead = body[0].upper() + body[1:]
                out.append(("reorder", f"{lead} {_join(pp)[0].lower() + _join(pp)[1:] if not pp[0].ent_type_ else _join(pp)}."))
    mods = [t for t in sent if t.dep_ in _MODIFIER_DEPS and t.lower_ not in _KEEP_MODIFIERS and not t.ent_type_
            and t.pos_ in ("ADJ", "ADV") and not t.like_num and t.head.pos_ in ("NOUN", "VERB")]
    if mods:
        t = mods[0]
        out.append(("drop-modifier", _join([x for x in sent if x.i != t.i])))
    return out


def _negate(sent) -> str | None:
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or any(t.dep_ == "neg" for t in sent):
        return None
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
    if aux:
        return _replace(sent, aux[0].i, aux[0].text + " not")
    if root.lemma_ == "be":
        return _replace(sent, root.i, root.text + " not")
    if root.tag_ == "VBD":
        return _replace(sent, root.i, "did not " + root.lemma_)
    if root.tag_ == "VBZ":
        return _replace(sent, root.i, "does not " + root.lemma_)
    if root.tag_ == "VBP":
        return _replace(sent, root.i, "do not " + root.lemma_)
    return None


def _change_number(sent, rng: random.Random) -> str | None:
    for t in sent:
        if t.like_num and re.fullmatch(r"\d[\d,]*(\.\d+)?", t.text) and t.ent_type_ not in ("DATE", "TIME"):
            value = float(t.text.replace(",", ""))
            if value in (0, 1):
                continue
            new = value * rng.choice((1.5, 2, 0.5, 3))
            shown = f"{new:,.{len(t.text.split('.')[1]) if '.' in t.text else 0}f}"
            if "," not in t.text:
                shown = shown.replace(",", "")
            return _replace(sent, t.i, shown)
    return None


def _swap_entity(sent, article_text: str, pool: dict[str, list[str]], rng: random.Random) -> str | None:
    for ent in sent.ents:
        if ent.label_ in ("PERSON", "ORG", "GPE") and len(ent.text) > 2:
            options = [p for p in pool.get(ent.label_, []) if p.lower() not in article_text.lower()]
            if not options:
                continue
            new = options[rng.randrange(len(options))]
            return (sent.doc.text[sent.start_char:ent.start_char] + new
                    + sent.doc.text[ent.end_char:sent.end_char]).strip()
    return None


def _antonym(sent) -> str | None:
    for t in sent:
        if t.lower_ in _ANTONYM_EDITS and not t.ent_type_:
            return _replace(sent, t.i, _ANTONYM_EDITS[t.lower_])
    return None


def _reverse_roles(sent) -> str | None:
    root = sent.root
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in root.children if c.dep_ in ("dobj", "obj")), None)
    if subj is None or obj is None:
        for c in root.children:
            if obj is None and c.dep_ == "prep":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
    if subj is None or obj is None:
        return None
    s_toks, o_toks = list(subj.subtree), list(obj.subtree)
    if not (subj.ent_type_ or subj.pos_ == "PROPN") or not (obj.ent_type_ or obj.pos_ == "PROPN"):
        return None
    if len(s_toks) > 6 or len(o_toks) > 6:
        return None
    doc = sent.doc
    s0, s1 = s_toks[0].idx, s_toks[-1].idx + len(s_toks[-1].text)
    o0, o1 = o_toks[0].idx, o_toks[-1].idx + len(o_toks[-1].text)
    if s1 > o0:
        return None
    text = doc.text
    s_text, o_text = text[s0:s1], text[o0:o1]
    out = text[sent.start_char:s0] + o_text + text[s1:o0] + s_text + text[o1:sent.end_char]
    return out.strip()


def build_cases(nlp, n_sentences: int = 300) -> tuple[list[Case], list[tuple[str, str]]]:
    """Claims with labels, built deterministically from the corpora; returns (cases, articles)."""
    per_corpus = max(10, n_sentences // 2 + 20)
    arts = _articles(per_corpus)
    docs = list(nlp.pipe([t for _, t in arts], batch_size=16))
    pool: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE") and 3 <= len(ent.text) <= 30 and "\n" not in ent.text:
                pool[ent.label_].append(ent.text)
    for k in pool:
        pool[k] = sorted(set(pool[k]))
    rng = random.Random(SEED)
    cases: list[Case] = []
    used = 0
    for a, doc in enumerate(docs):
        if used >= n_sentences:
            break
        sents = [s for s in doc.sents if 8 <= len(s) <= 40 and s.text.strip()[-1:] in ".\"'" and
                 (s.ents or any(t.like_num for t in s))]
        if not sents:
            continue
        sent = sents[rng.randrange(len(sents))]
        used += 1
        cases.append(Case(sent.text.strip(), "original", True, a))
        for kind, text in _paraphrases(sent):
            cases.append(Case(text, kind, True, a))
        edits = {
            "entity": _swap_entity(sent, arts[a][1], pool, rng),
            "number": _change_number(sent, rng),
            "negation": _negate(sent),
            "antonym": _antonym(sent),
            "roles": _reverse_roles(sent),
        }
        for kind in _EDIT_KINDS:
            text = edits[kind]
            if text and text != sent.text.strip():
                cases.append(Case(text, kind, False, a))
    return cases, arts


def _balanced(pairs: list[tuple[bool, bool]]) -> float:
    pos = [p for g, p in pairs if g]
    neg = [p for g, p in pairs if not g]
    tpr = sum(pos) / len(pos) if pos else 0.0
    tnr = sum(1 for p in neg if not p) / len(neg) if neg else 0.0
    return round((tpr + tnr) / 2, 4)


def run_edits(reader, n_sentences: int = 300) -> dict:
    from ..crosscheck import CheckOptions
    from ..crosscheck.claim import ClaimChecker

    cases, arts = build_cases(reader.nlp, n_sentences)
    checker = ClaimChecker(reader, CheckOptions())
    articles = [Article(id=f"c{i}", text=t, source=name, format="text") for i, (name, t) in enumerate(arts)]
    facts: dict[int, ArticleFacts] = {}
    results: list[tuple[Case, bool]] = []
    for case in cases:
        art = articles[case.article]
        if case.article not in facts:  # read once and kept, as ingest stores it
            facts[case.article] = reader.read(art)
        v = checker.check(case.claim, [(art, facts[case.article])])
        results.append((case, v.verdict == "supported"))
    out = {"edits.n": len(results), "edits.balanced_accuracy": _balanced([(c.supported, p) for c, p in results])}
    positives = [(c.supported, p) for c, p in results if c.supported]
    for kind in sorted({c.kind for c, _ in results}):
        mine = [(c.supported, p) for c, p in results if c.kind == kind]
        acc = sum(1 for g, p in mine if g == p) / len(mine)
        out[f"edits.{kind}.accuracy"] = round(acc, 4)
        out[f"edits.{kind}.n"] = len(mine)
        if kind in _EDIT_KINDS:
            out[f"edits.{kind}.balanced_accuracy"] = _balanced(positives + mine)
    return out


def _pairs_rte(limit: int | None) -> list[tuple[str, str, bool]]:
    path = SHARED / "dev" / "nli" / "RTE" / "dev.tsv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = [(r["sentence1"], r["sentence2"], r["label"] == "entailment") for r in rows]
    return out[:limit] if limit else out


def _pairs_sick(limit: int | None) -> list[tuple[str, str, bool]]:
    path = SHARED / "dev" / "nli" / "SICK" / "SICK_trial.txt"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out = [(r["sentence_A"], r["sentence_B"], r["entailment_judgment"] == "ENTAILMENT") for r in rows]
    return out[:limit] if limit else out


def run_nli(reader, name: str, limit: int | None = None) -> dict:
    from ..crosscheck import CheckOptions
    from ..crosscheck.claim import ClaimChecker

    pairs = _pairs_rte(limit) if name == "rte" else _pairs_sick(limit)
    checker = ClaimChecker(reader, CheckOptions())
    results = []
    for i, (premise, hypothesis, gold) in enumerate(pairs):
        art = Article(id=f"{name}{i}", text=premise, source=name, format="text")
        v = checker.check(hypothesis, [(art, reader.read(art))])
        results.append((gold, v.verdict == "supported"))
    return {f"{name}.n": len(results), f"{name}.balanced_accuracy": _balanced(results)}


def run(limit: int | None = None, reader=None) -> dict:
    """All claim-check metrics; ``limit`` caps the sentences and NLI pairs (for quick gates)."""
    if reader is None:
        from ..read import Reader

        reader = Reader()
    out = run_edits(reader, n_sentences=limit or 300)
    out.update(run_nli(reader, "rte", limit))
    out.update(run_nli(reader, "sick", limit))
    return out


if __name__ == "__main__":
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    for k, v in run(limit).items():
        print(f"{k:40s} {v}")
