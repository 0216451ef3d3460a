"""Tables of figures, each beside its baseline from the same run.

Absolute figures drift on a shared machine; the ratio between Broadsheet and a baseline
measured minutes apart does not, so every table prints both and the ratio.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

Value = float | int | str | None


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


@dataclass(frozen=True, slots=True)
class Row:
    figure: str
    broadsheet: Value
    baseline: Value
    unit: str = ""
    digits: int = 0
    # Shown after the ratio, e.g. ">= 0.5"; `passed` says whether the ratio or value met it.
    target: str = ""
    passed: bool | None = None
    ratio: bool = True


@dataclass(slots=True)
class Table:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self,
        figure: str,
        broadsheet: Value,
        baseline: Value,
        *,
        unit: str = "",
        digits: int = 0,
        target: str = "",
        passed: bool | None = None,
        ratio: bool = True,
    ) -> None:
        self.rows.append(Row(figure, broadsheet, baseline, unit, digits, target, passed, ratio))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def render(self) -> str:
        header = ["figure", "broadsheet", "baseline", "ratio"]
        with_target = any(row.target for row in self.rows)
        if with_target:
            header.append("target")
        cells = [header] + [_cells(row, with_target) for row in self.rows]
        widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
        lines = [f"== {self.title} =="]
        for index, line in enumerate(cells):
            # Figures read left to right; numbers line up on the right.
            parts = [line[0].ljust(widths[0])] + [
                cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)
            ]
            lines.append(" | ".join(parts).rstrip())
            if index == 0:
                lines.append("-+-".join("-" * width for width in widths))
        lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines)

    def print(self) -> None:
        print(self.render(), end="\n\n", flush=True)


def _format(value: Value, unit: str, digits: int) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    text = f"{value:,.{digits}f}"
    return f"{text} {unit}" if unit else text


def _ratio(row: Row) -> str:
    numeric = (int, float)
    if not row.ratio or not isinstance(row.broadsheet, numeric):
        return ""
    if not isinstance(row.baseline, numeric) or row.baseline == 0:
        return ""
    return f"{row.broadsheet / row.baseline:.2f}"


def _cells(row: Row, with_target: bool) -> list[str]:
    cells = [
        row.figure,
        _format(row.broadsheet, row.unit, row.digits),
        _format(row.baseline, row.unit, row.digits),
        _ratio(row),
    ]
    if with_target:
        verdict = {True: " ok", False: " MISSED", None: ""}[row.passed]
        cells.append(f"{row.target}{verdict}" if row.target else "")
    return cells
