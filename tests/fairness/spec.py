"""How the fairness suite describes answers: alternative correct ones and typical mistakes, per answer cell.

Each assignment has a module here named after it (e.g. ``a1_equidistance.py``) with two dicts keyed by the
``grade_id`` of an answer cell. The code of an entry replaces the whole cell, as a student would leave it
(no ``BEGIN/END SOLUTION`` markers), so it must also keep whatever non-answer lines the release cell has.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    """A correct answer written differently from the solution; it must earn every point."""
    code: str
    why: str  # how it differs ("numpy/nullable types", "boolean mask instead of query", ...)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: the test cells in `fails` must score 0, every other cell full marks."""
    code: str
    why: str
    fails: tuple[str, ...]
    # Strings that must not appear in any failure message (e.g. the expected value, printed).
    secrets: tuple[str, ...] = field(default=())
