"""Evaluation on gold data: ``make eval`` (``python -m newsprism.evaluation``).

Each module here has ``run() -> dict`` of named metrics:

- ``gold``: our hand-annotated articles (tests/data/gold): quotes+speaker, figures, descriptors,
  opinion sentences, junk-line removal (precision/recall/F1).
- ``quotes_polnear``: issue 9's five measures of quotes, reported speech and their speakers on every
  PolNeAR dev attribution (../shared/dev; train by hand: ``python -m newsprism.evaluation.quotes_polnear train``).
- ``grouping``: story grouping B-cubed on ECB+, copy families on BBC News duplicates.
- ``claims``: claim-check balanced accuracy on minimal edits of real sentences, RTE and SICK.
- ``summedits``: claim-check balanced accuracy per SummEdits domain (../shared/dev/summedits, the
  seven non-news domains; the news domain is held out).
- ``crosscheck_cases``: cross-checking on story cases with planted contradictions
  (../shared/dev/crosscheck): outlier accuracy, false alarms on controls, edit recall, precision.
- ``cleaning``: whole web pages rendered to text (Dragnet, CleanPortalEval, CleanEval in
  ../shared/dev/cleaning): bag-of-words and line F1 of the article clean keeps.

Tests gate each number at a floor just under what it reaches, so quality can only go up.
"""

SUITES = ("gold", "quotes_polnear", "grouping", "claims", "summedits", "cleaning", "crosscheck_cases")
