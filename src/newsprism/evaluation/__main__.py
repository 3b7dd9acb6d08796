"""``python -m newsprism.evaluation [SUITE ...] [--verbose]``: print every metric."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time

from . import SUITES


def _flatten(prefix: str, value, out: dict) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out[prefix] = value


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = argparse.ArgumentParser(prog="python -m newsprism.evaluation")
    parser.add_argument("suites", nargs="*", default=list(SUITES), help=f"any of {', '.join(SUITES)}")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console()
    results: dict[str, dict] = {}
    for suite in args.suites:
        if suite not in SUITES:
            parser.error(f"unknown suite {suite!r}")
        try:
            module = importlib.import_module(f"newsprism.evaluation.{suite}")
        except ModuleNotFoundError as exc:
            console.print(f"[yellow]{suite}: not available ({exc})[/]")
            continue
        start = time.perf_counter()
        results[suite] = module.run()
        results[suite]["seconds"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    table = Table(title="newsprism evaluation")
    table.add_column("suite")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for suite, metrics in results.items():
        flat: dict = {}
        _flatten("", metrics, flat)
        for name, value in flat.items():
            table.add_row(suite, name, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
