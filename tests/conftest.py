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
# CI (.ci/run) sets this: there a gate whose data is missing fails instead of skipping, since a
# gate that skips silently gates nothing.
REQUIRE_SHARED = os.environ.get("NEWSPRISM_REQUIRE_SHARED") == "1"


def missing_data(what: str):
    """Skip (a developer's machine without ../shared) or fail (CI) a test whose data is missing."""
    message = f"{what} is not beside the checkout"
    if REQUIRE_SHARED:
        pytest.fail(f"{message} (NEWSPRISM_REQUIRE_SHARED=1)")
    pytest.skip(message)


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
        missing_data("../shared/samples")
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
