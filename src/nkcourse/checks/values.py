"""Checks of single values and of lists and dicts.

Every check takes the student's value first and a ``name`` to call it by in messages (the variable, or the
call that produced it), normalises the value (see ``plain``), and raises ``CheckFailed`` with a message that
says what is wrong and how to fix its form, never what the expected value is. ``expected`` is left out in
visible checks of form; hidden checks pass a value computed from the course data.
"""
from __future__ import annotations

import math

import pandas as pd

from nkcourse.checks import plain
from nkcourse.checks.plain import CheckFailed, describe, fail

ANY = object()  # "no expected value": check the form only

# What each kind of answer is called in messages, and how to make one.
KINDS = {
    "bool": ("True or False (bool)", "Use bool(...) or a comparison."),
    "int": ("a whole number (int)", "Use int(...) to convert."),
    "number": ("a number (int or float)", "Use float(...) to convert."),
    "text": ("text (str)", "Use str(...) to convert, or put the text in quotes."),
    "timestamp": ("a date (pd.Timestamp)", "Use pd.Timestamp(...) to convert."),
    "any": ("a plain value (number, text, date, True/False or None)", ""),
}


def _plain_scalar(value, name: str, kind: str, hint: str = ""):
    try:
        got = plain.scalar(value)
    except TypeError:
        got = _NOT_PLAIN
    if kind.endswith(" or None"):  # e.g. of="int or None": that kind, or missing (None/NaN)
        return None if got is None else _plain_scalar(value, name, kind[:-len(" or None")], hint)
    if got is not None and got is not _NOT_PLAIN and _fits(got, kind):
        return _as_kind(got, kind)
    what, how = KINDS[kind]
    if got is None:
        fail(name, f"should be {what}, but it is missing (None or NaN).", hint)
    fail(name, f"should be {what}; it is {describe(value)}.", how)


_NOT_PLAIN = object()


def _fits(value, kind: str) -> bool:
    if kind == "any":
        return True
    if kind == "bool":
        return type(value) is bool
    if kind == "int":
        return type(value) is int or (type(value) is float and value.is_integer())
    if kind == "number":
        return type(value) in (int, float)
    if kind == "text":
        return type(value) is str
    if kind == "timestamp":
        return type(value) is pd.Timestamp
    raise ValueError(f"unknown kind {kind!r}")


def _as_kind(value, kind: str):
    if kind == "int":
        return int(value)
    if kind == "number":
        return float(value)
    return value


def close(got: float, expected: float, decimals: int | None) -> bool:
    """Equal up to rounding to `decimals` places (None: up to floating-point error)."""
    if decimals is None:
        return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)
    return abs(got - expected) <= 0.5 * 10 ** -decimals + 1e-9


def same(got, expected, decimals: int | None = None) -> bool:
    """Plain values equal: numbers within tolerance, everything else exactly; None matches only None."""
    if got is None or expected is None:
        return got is None and expected is None
    if type(got) in (int, float) and type(expected) in (int, float) and type(got) is not bool:
        return type(expected) is not bool and close(float(got), float(expected), decimals)
    return type(got) is type(expected) and got == expected


def value(value, name: str, expected=ANY, *, kind: str = "any", decimals: int | None = None,
          low=None, high=None, choices=None, hint: str = ""):
    """Check one value of a kind ("bool", "int", "number", "text", "timestamp"); return it as plain data."""
    got = _plain_scalar(value, name, kind, hint)
    if choices is not None and got not in choices:
        fail(name, "is not one of the allowed values: " + ", ".join(repr(c) for c in choices) + ".", hint)
    if low is not None and got < low:
        fail(name, f"should be at least {low}.", hint)
    if high is not None and got > high:
        fail(name, f"should be at most {high}.", hint)
    if expected is not ANY and not same(got, plain.scalar(expected), decimals):
        fail(name, "is not the right value.", hint)
    return got


def boolean(v, name: str, expected=ANY, *, hint: str = ""):
    return value(v, name, expected, kind="bool", hint=hint)


def integer(v, name: str, expected=ANY, *, low=None, high=None, hint: str = ""):
    return value(v, name, expected, kind="int", low=low, high=high, hint=hint)


def number(v, name: str, expected=ANY, *, decimals: int | None = None, low=None, high=None, hint: str = ""):
    return value(v, name, expected, kind="number", decimals=decimals, low=low, high=high, hint=hint)


def text(v, name: str, expected=ANY, *, choices=None, hint: str = ""):
    return value(v, name, expected, kind="text", choices=choices, hint=hint)


def timestamp(v, name: str, expected=ANY, *, hint: str = ""):
    return value(v, name, expected, kind="timestamp", hint=hint)


def missing(v, name: str, *, hint: str = "") -> None:
    """The answer should be None (nothing to report)."""
    try:
        got = plain.scalar(v)
    except TypeError:
        got = _NOT_PLAIN
    if got is not None:
        fail(name, f"should be None; it is {describe(v)}.", hint)


def sequence(v, name: str, expected=ANY, *, of: str = "any", ordered: bool = True, length: int | None = None,
             decimals: int | None = None, hint: str = "") -> list:
    """A list (or tuple, Series, 1-D array) of values of one kind; `ordered=False` ignores the order."""
    try:
        got = plain.items(v)
    except TypeError:
        fail(name, f"should be a list; it is {describe(v)}.", "Use list(...) to convert.")
    got = [_plain_scalar(item, f"{name}, item {i}", of) for i, item in enumerate(got)]
    if length is not None and len(got) != length:
        fail(name, f"should have {length} items; it has {len(got)}.", hint)
    if expected is ANY:
        return got
    wanted = [plain.scalar(x) for x in expected]
    if len(got) > len(wanted):
        fail(name, "has too many items.", hint)
    if len(got) < len(wanted):
        fail(name, "has too few items.", hint)
    if ordered:
        for i, (a, b) in enumerate(zip(got, wanted)):
            if not same(a, b, decimals):
                fail(name, f"item {i} ({a!r}) is not right"
                     + (" (the items are right but in the wrong order)." if _matches_unordered(got, wanted, decimals)
                        else "."), hint)
    elif not _matches_unordered(got, wanted, decimals):
        extra = [a for a in got if not any(same(a, b, decimals) for b in wanted)]
        fail(name, (f"holds {extra[0]!r}, which should not be there." if extra
                    else "does not hold the right items (some are missing or repeated)."), hint)
    return got


def _matches_unordered(got: list, wanted: list, decimals) -> bool:
    left = list(wanted)
    for a in got:
        match = next((i for i, b in enumerate(left) if same(a, b, decimals)), None)
        if match is None:
            return False
        left.pop(match)
    return not left


def mapping(v, name: str, expected=ANY, *, keys=None, extra_keys: bool = True, of: str = "any",
            decimals: int | None = None, hint: str = "") -> dict:
    """A dict (or Series) from keys to values of one kind. `keys`: the keys it must have."""
    if type(v) is pd.Series:
        pairs = list(zip(plain.items(v.index), plain.items(v)))
    elif isinstance(v, dict) and type(v).__module__ in ("builtins", "collections"):
        pairs = list(dict.items(v))
    else:
        fail(name, f"should be a dict; it is {describe(v)}.", "Write it as {key: value, ...}.")
    got = {}
    for key, item in pairs:
        try:
            key = plain.scalar(key)
        except TypeError:
            fail(name, f"a key is {describe(key)}; keys should be plain text or numbers.")
        got[key] = _plain_scalar(item, f"{name}[{key!r}]", of)
    required = list(keys) if keys is not None else (list(expected) if expected is not ANY else [])
    for key in required:
        if key not in got:
            fail(name, f"has no key {key!r}.", hint)
    if not extra_keys:
        for key in got:
            if key not in required:
                fail(name, f"has a key {key!r} that it should not have.", hint)
    if expected is not ANY:
        for key, wanted in expected.items():
            if not same(got[key], plain.scalar(wanted), decimals):
                fail(f"{name}[{key!r}]", "is not the right value.", hint)
    return got


def call(function, *args, name: str | None = None, **kwargs):
    """Call a student's function; an error it raises becomes a failure that names the call and the error."""
    label = name or getattr(function, "__name__", "the function")
    if not callable(function):
        fail(label, f"should be a function (def ...); it is {describe(function)}.")
    try:
        return function(*args, **kwargs)
    except CheckFailed:
        raise
    except Exception as error:  # the student's error, reported as a verdict rather than a crash
        fail(label, f"raised {type(error).__name__}: {error}".rstrip(": ") + ".")


def raises(function, args: tuple, exception: type[BaseException], name: str, *, hint: str = "") -> None:
    """Calling function(*args) should raise `exception`."""
    if not callable(function):
        fail(name, f"should be a function (def ...); it is {describe(function)}.")
    try:
        function(*args)
    except exception:
        return
    except Exception as error:
        fail(name, f"should raise {exception.__name__}; it raised {type(error).__name__}.", hint)
    fail(name, f"should raise {exception.__name__}; it returned without an error.", hint)


__all__ = ["ANY", "CheckFailed", "boolean", "call", "close", "integer", "mapping", "missing", "number",
           "raises", "same", "sequence", "text", "timestamp", "value"]
