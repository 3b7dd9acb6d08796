"""Write a benchmark's result row into its own table in BENCHMARKS.md.

Each benchmark has a section ``## <name>`` with one table; a new row goes at the
end of that table (the section is created, with ``intro`` and the table header,
the first time), so results of different benchmarks never interleave.
"""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
TITLE = "# Benchmarks\n\nEach section is written by the benchmark it names (`make bench` runs them all).\n"


def record(name: str, columns: list[str], row: list[str], intro: str = "", path: Path = BENCHMARKS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else TITLE
    line = "| " + " | ".join(row) + " |"
    lines = text.rstrip("\n").split("\n")
    heading = f"## {name}"
    if heading not in lines:
        table = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["", heading, ""] + ([intro.strip(), ""] if intro.strip() else []) + table + [line]
    else:
        i = lines.index(heading) + 1
        while i < len(lines) and not lines[i].startswith("## "):
            i += 1
        # back up over blank lines to the end of the section's table
        while lines[i - 1].strip() == "":
            i -= 1
        lines.insert(i, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
