"""Turn a student's answer into plain data, or say why it cannot be.

Plain data is what a check compares: Python ``bool``, ``int``, ``float``, ``str``, ``pd.Timestamp`` and
``None`` (for anything missing), lists of those, and DataFrames/Series rebuilt from such lists. Every form
a prompt allows is accepted (numpy and pandas scalars, nullable dtypes, list/tuple/Series/array); anything
else is refused with a message. Subclasses are read through their base class's own methods, so an object
that overrides ``==``, ``__float__`` or ``__str__`` is judged by the value it really holds, and an object of
any other class is refused: that, not an exact-type test, is what defeats "equals anything" answers.
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd


class CheckFailed(AssertionError):
    """A check's verdict: what is wrong with an answer, in words, never the expected value."""


class Opaque:
    """A value that is not plain data, known only by its description (how answers that cannot be handed over
    as plain data arrive from a grading kernel: see nkcourse.grading.handover). Every check refuses it."""

    def __init__(self, description: str):
        self.description = description


def describe(value) -> str:
    """A short, safe name for a value's type, for messages."""
    if isinstance(value, Opaque):
        return value.description
    kind = type(value)
    if kind.__module__ in ("builtins", "numpy", "pandas") or kind.__module__.startswith(("pandas.", "numpy.")):
        return kind.__name__
    return f"an object of its own class ({kind.__name__})"


def fail(name: str, problem: str, hint: str = "") -> None:
    raise CheckFailed(f"{name}: {problem}" + (f" {hint}" if hint else ""))


def scalar(value):
    """One plain scalar, or ``TypeError`` naming the type. Missing values (NaN, NA, NaT, None) become None."""
    kind = type(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if kind in (bool, str):
        return value
    if kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if kind is pd.Timestamp:
        return value
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64):
            return None if np.isnat(value) else pd.Timestamp(value)
        return scalar(np.generic.item(value))
    if isinstance(value, bool):
        return bool.__bool__(value)  # pragma: no cover (bool cannot be subclassed; kept for clarity)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return scalar(float.__float__(value))
    if isinstance(value, str):
        return str.__str__(value)
    if kind in (Decimal, Fraction):
        return float(value)
    if kind is dt.datetime or kind is dt.date:
        return pd.Timestamp(value)
    raise TypeError(describe(value))


def _from_pandas(kind: type) -> bool:
    return kind.__module__ == "pandas" or kind.__module__.startswith("pandas.")


def items(value) -> list:
    """The items of a list, tuple, 1-D array, Series or Index, as a list of plain scalars."""
    kind = type(value)
    if kind in (list, tuple):
        raw = list(value)
    elif (kind is pd.Series or (isinstance(value, pd.Index) and _from_pandas(kind))
          or (kind is np.ndarray and value.ndim == 1)):
        # Through pandas, so that datetime64 values come out as Timestamps (numpy's tolist gives integers).
        raw = pd.Series(value, copy=True).astype(object).tolist()
    else:
        raise TypeError(describe(value))
    return [tuple(scalar(part) for part in item) if type(item) is tuple else scalar(item) for item in raw]


def series(value) -> pd.Series:
    """A Series rebuilt from plain values (same name, plain index); missing values become None/NaN."""
    if type(value) is not pd.Series:
        raise TypeError(describe(value))
    index = items(value.index)
    name = None if value.name is None else scalar(value.name)
    return pd.Series(items(value), index=index, name=name, dtype=object)


def frame(value) -> pd.DataFrame:
    """A DataFrame rebuilt column by column from plain values, with a plain index."""
    if type(value) is not pd.DataFrame:
        raise TypeError(describe(value))
    columns = [scalar(c) for c in value.columns]
    if len(set(map(repr, columns))) != len(columns):
        raise TypeError("a DataFrame with repeated column names")
    data = {col: items(value.iloc[:, i]) for i, col in enumerate(columns)}
    return pd.DataFrame(data, index=items(value.index), columns=columns)
