"""Shared fixtures.  Models are loaded once per test session (they take seconds)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples" / "blinken-2021"
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


def sample_path(prefix: str) -> Path:
    """A sample article by its number ("01" ... "04")."""
    (path,) = sorted(SAMPLES.glob(f"{prefix}-*"))
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsprism.read import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def reader(nlp):
    from newsprism.read import Reader

    return Reader(nlp=nlp)


@pytest.fixture(scope="session")
def samples_available() -> bool:
    if not SAMPLES.exists():
        pytest.skip("../shared/samples is not beside the checkout")
    return True


@pytest.fixture(scope="session")
def gold_scores(reader):
    """``gold_scores("figures.jsonl")`` -> {task: Score} from the evaluation harness, once per file."""
    from newsprism.evaluation.gold import evaluate, load_gold

    cache: dict[str, dict] = {}

    def scores(name: str) -> dict:
        if name not in cache:
            cache[name] = evaluate(load_gold([DATA / "gold" / name]), reader, root=ROOT)
        return cache[name]

    return scores
