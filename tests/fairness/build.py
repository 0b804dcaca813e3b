"""Build the fairness suite's submissions of one notebook from its release and source, and their expected scores.

- alt-K:      every answer cell replaced by its K-th alternative (the solution where it has none): full marks.
- wrong-K-odd / wrong-K-even: the K-th mistake in every other answer cell (in notebook order), the solution in
  the rest, so that each mistake sits next to correct neighbours: its own test cells score 0 and every other
  cell keeps its points (no double penalty).
"""
from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass

import nbformat

from tests.submissions import WRITTEN_ANSWER, is_autograded_test, meta, solution_text


@dataclass
class Submission:
    student: str
    text: str
    zero: set[str]          # test cells that must score 0
    secrets: tuple[str, ...]
    notes: dict[str, str]   # answer cell -> what this submission put in it


def spec(assignment: str):
    return importlib.import_module(f"tests.fairness.{assignment}")


def answer_cells(source) -> list[str]:
    """grade_ids of the code answer cells, in notebook order."""
    return [meta(c)["grade_id"] for c in source.cells if c.cell_type == "code" and meta(c).get("solution")]


def test_cells(source) -> dict[str, float]:
    return {meta(c)["grade_id"]: meta(c)["points"] for c in source.cells if is_autograded_test(c)}


def _fill(source, release, replace: dict[str, str]) -> str:
    nb = copy.deepcopy(release)
    answers = {meta(c)["grade_id"]: c for c in source.cells if meta(c).get("grade_id")}
    for cell in nb.cells:
        grade_id = meta(cell).get("grade_id")
        if meta(cell).get("solution"):
            if cell.cell_type != "code":
                cell.source = WRITTEN_ANSWER
            else:
                cell.source = replace.get(grade_id, solution_text(answers[grade_id]))
    return nbformat.writes(nb)


def build(assignment: str, source_path, release_path) -> list[Submission]:
    source = nbformat.read(source_path, as_version=4)
    release = nbformat.read(release_path, as_version=4)
    module = spec(assignment)
    cells = answer_cells(source)
    built = []
    for k in range(max((len(v) for v in module.ALTERNATIVES.values()), default=0)):
        chosen = {cell: module.ALTERNATIVES[cell][k] for cell in cells if len(module.ALTERNATIVES.get(cell, [])) > k}
        built.append(Submission(f"alt-{k + 1}", _fill(source, release, {c: a.code for c, a in chosen.items()}),
                                set(), (), {c: a.why for c, a in chosen.items()}))
    with_mistakes = [cell for cell in cells if module.MISTAKES.get(cell)]
    for k in range(max((len(v) for v in module.MISTAKES.values()), default=0)):
        for parity, name in ((0, "odd"), (1, "even")):
            chosen = {cell: module.MISTAKES[cell][k] for i, cell in enumerate(with_mistakes)
                      if i % 2 == parity and len(module.MISTAKES[cell]) > k}
            if chosen:
                built.append(Submission(
                    f"wrong-{k + 1}-{name}", _fill(source, release, {c: m.code for c, m in chosen.items()}),
                    {t for m in chosen.values() for t in m.fails},
                    tuple(s for m in chosen.values() for s in m.secrets), {c: m.why for c, m in chosen.items()}))
    return built
