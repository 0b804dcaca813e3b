"""Checks of DataFrames and Series: their shape first (columns, index, order), then their values.

Row order and the index are judged only where the prompt fixes them (``ordered``, ``index``, ``sorted_by``);
values of any dtype that holds the right plain values pass (nullable, categorical, numpy or Python types).
"""
from __future__ import annotations

import pandas as pd

from nkcourse.checks import plain
from nkcourse.checks.plain import fail
from nkcourse.checks.values import ANY, _plain_scalar, same

_ORDINARY_TABLES = "Build it with pandas (e.g. df[...], df.loc[...], pd.crosstab or .pivot)."


def _frame(v, name: str) -> pd.DataFrame:
    if type(v) is pd.Series:
        fail(name, "should be a DataFrame; it is a Series.", "Select columns with a list (df[[...]]) or use .to_frame().")
    try:
        return plain.frame(v)
    except TypeError as why:
        if type(v) is pd.DataFrame:  # a DataFrame, but a value in it is not plain data: say which column
            for column in v.columns:
                if type(v[column]) is pd.Series:
                    try:
                        plain.items(v[column])
                    except TypeError as value_type:
                        fail(name, f"the column {str(column)!r} holds {value_type} values, which should be numbers, "
                             "text, dates or True/False.", "Convert them, e.g. time differences with .dt.days.")
            fail(name, f"cannot be read as a plain table ({why}).", _ORDINARY_TABLES)
        fail(name, f"should be a pandas DataFrame; it is {why}.", _ORDINARY_TABLES)


def _labels(values: list) -> str:
    return ", ".join(repr(v) for v in values)


def _same_labels(got: list, wanted: list, what: str, name: str, ordered: bool, hint: str) -> None:
    wanted = [plain.scalar(w) for w in wanted]
    missing = [w for w in wanted if not any(same(g, w) for g in got)]
    extra = [g for g in got if not any(same(g, w) for w in wanted)]
    if missing:
        fail(name, f"has no {what} {_labels(missing[:3])}.", hint)
    if extra:
        fail(name, f"has the {what} {_labels(extra[:3])}, which it should not have.", hint)
    if len(got) != len(wanted):
        fail(name, f"repeats a {what}: each should appear once.", hint)
    if ordered and not all(same(g, w) for g, w in zip(got, wanted)):
        fail(name, f"has the right {what}s in the wrong order: use the order {_labels(wanted)}.", hint)


def table(v, name: str, *, columns=None, column_order: bool = True, index=None, index_order: bool = True,
          sorted_by: str | None = None, descending: bool = False, hint: str = "") -> pd.DataFrame:
    """Check a DataFrame's form: its columns, its index (labels a prompt fixes), its sort order.

    Returns the plain table, for value checks.
    """
    got = _frame(v, name)
    if columns is not None:
        _same_labels(list(got.columns), list(columns), "column", name, column_order, hint)
    if index is not None:
        _same_labels(plain.items(got.index), list(index), "row label", name, index_order, hint)
    if sorted_by is not None:
        keys = plain.items(got[sorted_by])
        pairs = list(zip(keys, keys[1:]))
        try:
            in_order = all((a >= b) if descending else (a <= b) for a, b in pairs if a is not None and b is not None)
        except TypeError:
            in_order = False
        if not in_order:
            fail(name, f"should be sorted by {sorted_by!r}, {'largest' if descending else 'smallest'} first.",
                 f"Use .sort_values({sorted_by!r}{', ascending=False' if descending else ''}).")
    return got


def rows(v, name: str, expected: pd.DataFrame, *, key: str | None = None, columns=None, ordered: bool = False,
         decimals: int | None = None, hint: str = "") -> None:
    """Compare the rows of a DataFrame with the expected rows (both as plain data).

    key: a column that identifies a row (None: the index). ordered: the row order must match too.
    columns: the columns to compare (default: all of `expected`'s, except the key).
    """
    got = _frame(v, name)
    wanted = plain.frame(expected)
    compare = [c for c in (columns if columns is not None else list(wanted.columns)) if c != key]
    for column in compare + ([key] if key else []):
        if column not in got.columns:
            fail(name, f"has no column {column!r}.", hint)
    got_keys = plain.items(got[key]) if key else plain.items(got.index)
    want_keys = plain.items(wanted[key]) if key else plain.items(wanted.index)
    what = f"{key} " if key else "label "
    for k in got_keys:
        if not any(same(k, w) for w in want_keys):
            fail(name, f"has a row for {what}{k!r} that should not be there.", hint)
    if len(set(map(repr, got_keys))) != len(got_keys):
        fail(name, "has the same row more than once.", hint)
    if len(got_keys) < len(want_keys):
        fail(name, "is missing one or more rows.", hint)
    if ordered and not all(same(g, w) for g, w in zip(got_keys, want_keys)):
        fail(name, "has the right rows in the wrong order.", hint)
    for j, k in enumerate(want_keys):
        # Keys match as values (1953 and 1953.0 alike), as everywhere else in the checks.
        i = next((i for i, g in enumerate(got_keys) if same(g, k)), None)
        if i is None:
            fail(name, "is missing one or more rows.", hint)
        for column in compare:
            if not same(plain.scalar(got[column].iloc[i]), plain.scalar(wanted[column].iloc[j]), decimals):
                fail(name, f"in the row for {what}{k!r}, the value of {column!r} is not right.", hint)


def series(v, name: str, expected=ANY, *, index=None, index_order: bool = True, of: str = "any",
           series_name=ANY, decimals: int | None = None, hint: str = "") -> pd.Series:
    """A Series: its index labels (as a prompt fixes them), its name, its values' kind, and its values."""
    if type(v) is pd.DataFrame:
        fail(name, "should be a Series; it is a DataFrame.", "Select one column with df['column'].")
    try:
        got = plain.series(v)
    except TypeError as why:
        fail(name, f"should be a pandas Series; it is {why}.", "Use pd.Series(...) to build one.")
    labels = plain.items(got.index)
    if index is not None:
        _same_labels(labels, list(index), "index label", name, index_order, hint)
    if series_name is not ANY and not same(got.name, plain.scalar(series_name)):
        fail(name, f"should be named {series_name!r}.", f"Use .rename({series_name!r}).")
    values = [_plain_scalar(x, f"{name}[{k!r}]", of) for k, x in zip(labels, got)]
    if expected is not ANY:
        wanted = expected if isinstance(expected, dict) else dict(zip(plain.items(expected.index), plain.items(expected)))
        for label, want in wanted.items():
            match = [i for i, k in enumerate(labels) if same(k, plain.scalar(label))]
            if not match:
                fail(name, f"has no value for {label!r}.", hint)
            if not same(values[match[0]], plain.scalar(want), decimals):
                fail(f"{name}[{label!r}]", "is not the right value.", hint)
        extra = [k for k in labels if not any(same(k, plain.scalar(w)) for w in wanted)]
        if extra:
            fail(name, f"has a value for {extra[0]!r} that should not be there.", hint)
    return pd.Series(values, index=labels, name=got.name, dtype=object)




def close_enough(got, expected, *, share: float = 0.5) -> bool:
    """Is an earlier answer a genuine attempt, close to the right one? Both are tables (rows compared whole,
    matched by index) or sequences (items matched as a multiset); at least `share` of the larger of the two must
    match. A later exercise may accept what follows from a student's own earlier answer (so that one slip is not
    penalised twice) only when this holds, so that an empty or made-up earlier answer earns nothing later."""
    if isinstance(got, pd.DataFrame) or isinstance(expected, pd.DataFrame):
        try:
            got, expected = plain.frame(got), plain.frame(expected)
        except TypeError:
            return False
        columns = [c for c in expected.columns if c in got.columns]
        as_rows = lambda df: [(k, tuple(plain.items(df[columns].iloc[i]))) for i, k in enumerate(plain.items(df.index))]  # noqa: E731
        got, expected = as_rows(got), as_rows(expected)
    else:
        try:
            got, expected = plain.items(got), plain.items(expected)
        except TypeError:
            return False
    left, matched = list(expected), 0
    for item in got:
        hit = next((i for i, want in enumerate(left) if _same_item(item, want)), None)
        if hit is not None:
            left.pop(hit)
            matched += 1
    return bool(got) and matched >= share * max(len(got), len(expected))


def _same_item(a, b) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same_item(x, y) for x, y in zip(a, b))
    return same(a, b)



def varied(value) -> bool:
    """Does an earlier answer hold at least two different values (a table: anywhere in it)? The weaker gate for
    carry-forward marking where an honest slip changes every value (a mean for a sum): a constant, empty or
    all-False earlier answer, which would make the later exercise trivial, earns nothing later."""
    try:
        if isinstance(value, pd.DataFrame):
            cells = [item for column in plain.frame(value).columns for item in plain.items(value[column])]
        else:
            cells = plain.items(value)
    except TypeError:
        return False
    return len({repr(item) for item in cells if item is not None}) >= 2


__all__ = ["close_enough", "rows", "series", "table", "varied"]
