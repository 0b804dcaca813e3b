"""What crosses between a grading kernel and the grader: plain data as JSON, never code and never pickle.

``encode`` turns a value into JSON-ready data and ``decode`` rebuilds it: its *twin*. A twin holds what the
checks read (see ``nkcourse.checks.plain``), so a check judges a twin exactly as it would judge the value
itself: numbers, text, dates, lists, dicts, Series and DataFrames keep their values, index, names and dtypes;
a Figure crosses as its ``Reading``; anything else crosses as an ``Opaque`` description, which every check
refuses with the message it would give for the value. ``decode`` builds nothing but such plain objects, so a
reply written by hostile code can at worst describe a wrong answer.

``answer`` is the kernel's end: the grader runs ``answer(request)`` in the kernel, which evaluates a student's
name or calls a student's function there, keeps the result for later calls, and publishes its twin.
"""
from __future__ import annotations

import builtins
import datetime as dt
import json
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from nkcourse.checks.figures import Reading, read
from nkcourse.checks.plain import Opaque, describe

MIME = "application/x-nkgrade-reply"  # not "+json": the reply stays the text the kernel sent
# dtypes a twin may be rebuilt with; any other column crosses value by value, as object.
SAFE_DTYPES = re.compile(r"(u?int(8|16|32|64)|float(32|64)|bool|object|U?Int(8|16|32|64)|Float(32|64)|boolean"
                         r"|string|str|datetime64\[(s|ms|us|ns)(, [\w/+:-]+)?\]|timedelta64\[(s|ms|us|ns)\])")


class Remote(Opaque):
    """A callable of the kernel (a student's function): calling it calls the function there (see Bridge)."""

    def __init__(self, description: str, ref: int, name: str | None, call):
        super().__init__(description)
        self.ref, self._call = ref, call
        if name is not None:
            self.__name__ = name

    def __call__(self, *args, **kwargs):
        return self._call(self, args, kwargs)


# ------------------------------------------------------------------ encode

def encode(value):
    kind = type(value)
    if value is None or kind in (bool, str, int, float):
        return value
    if value is pd.NA:
        return {"$": "NA"}
    if value is pd.NaT:
        return {"$": "NaT"}
    if kind is pd.Timestamp:
        return {"$": "timestamp", "v": value.isoformat()}
    if kind is pd.Timedelta:
        return {"$": "timedelta", "v": int(value.value)}
    if kind in (dt.datetime, dt.date):
        return {"$": kind.__name__, "v": value.isoformat()}
    if kind in (Decimal, Fraction):
        return {"$": kind.__name__, "v": str(value)}
    if isinstance(value, np.generic):
        if value.dtype.kind in "Mm":
            unit = np.datetime_data(value.dtype)[0]
            value = value if unit in ("s", "ms", "us", "ns") else value.astype(f"{value.dtype.kind}8[ns]")
            return {"$": "numpy", "dtype": str(value.dtype), "v": int(value.view("int64"))}
        if value.dtype.kind in "biuf":
            return {"$": "numpy", "dtype": str(value.dtype), "v": np.generic.item(value)}
        return str(np.generic.item(value)) if value.dtype.kind == "U" else {"$": "opaque", "v": describe(value)}
    # Subclasses of the plain types are read through the base class, as the checks read them.
    for base, read_as in ((int, int.__int__), (float, float.__float__), (str, str.__str__)):
        if isinstance(value, base):
            return read_as(value)
    if kind in (list, tuple):
        return {"$": kind.__name__, "v": [encode(item) for item in value]}
    if isinstance(value, dict) and kind.__module__ in ("builtins", "collections"):
        return {"$": "dict", "v": [[encode(k), encode(v)] for k, v in dict.items(value)]}
    if kind is pd.Series:
        return {"$": "series", "name": encode(value.name), "index": _index(value.index), "values": _array(value)}
    if kind is pd.DataFrame:
        return {"$": "frame", "index": _index(value.index), "columns": _index(value.columns),
                "data": [_array(value.iloc[:, i]) for i in range(value.shape[1])]}
    if isinstance(value, pd.Index) and kind.__module__.startswith("pandas"):
        return _index(value)
    if kind is np.ndarray and value.ndim == 1:
        return {"$": "array", "values": _array(pd.Series(value, copy=False))}
    if kind is np.ndarray and value.dtype.kind in "biuf":
        return {"$": "ndarray", "dtype": str(value.dtype), "shape": list(value.shape), "v": value.ravel().tolist()}
    if isinstance(value, Reading):
        return {"$": "figure", "v": encode(dict(value))}
    figure = _figure_of(value)
    if figure is not None:
        return {"$": "figure", "v": encode(dict(read(figure)))}
    return {"$": "opaque", "v": describe(value)}


def _figure_of(value):
    import sys
    if "matplotlib" not in sys.modules:  # no figure can exist without it
        return None
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    return value if isinstance(value, Figure) else value.figure if isinstance(value, Axes) else None


def _array(values) -> dict:
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = values.cat.codes if isinstance(values, pd.Series) else values.codes
        return {"dtype": "category", "ordered": bool(dtype.ordered), "categories": _index(dtype.categories),
                "codes": [int(code) for code in codes]}
    name = str(dtype) if SAFE_DTYPES.fullmatch(str(dtype)) else "object"
    return {"dtype": name, "v": [encode(item) for item in pd.Series(values, copy=False).astype(object).tolist()]}


def _index(index: pd.Index) -> dict:
    if type(index) is pd.RangeIndex:
        return {"$": "range", "start": index.start, "stop": index.stop, "step": index.step, "name": encode(index.name)}
    if type(index) is pd.MultiIndex:
        return {"$": "multi", "v": [encode(tuple(t)) for t in index], "names": [encode(n) for n in index.names]}
    return {"$": "index", "values": _array(index), "name": encode(index.name)}


# ------------------------------------------------------------------ decode

def decode(data):
    if data is None or type(data) in (bool, str, int, float):
        return data
    if type(data) is not dict:
        raise ValueError("not a value")
    tag = data["$"]
    if tag in ("list", "tuple"):
        items = [decode(item) for item in data["v"]]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        return {decode(k): decode(v) for k, v in data["v"]}
    if tag == "series":
        return pd.Series(_unarray(data["values"]), index=_unindex(data["index"]), name=decode(data["name"]), copy=False)
    if tag == "frame":
        columns = _unindex(data["columns"])
        frame = pd.DataFrame({i: _unarray(column) for i, column in enumerate(data["data"])},
                             index=_unindex(data["index"]))
        frame.columns = columns
        return frame
    if tag in ("range", "multi", "index"):
        return _unindex(data)
    if tag == "figure":
        return Reading(decode(data["v"]))
    if tag == "array":
        return pd.Series(_unarray(data["values"]), copy=False).to_numpy()
    return _scalar(tag, data)


def _scalar(tag: str, data: dict):
    value = data.get("v")
    if tag == "NA":
        return pd.NA
    if tag == "NaT":
        return pd.NaT
    if tag == "timestamp":
        return pd.Timestamp(str(value))
    if tag == "timedelta":
        return pd.Timedelta(int(value))
    if tag == "datetime":
        return dt.datetime.fromisoformat(str(value))
    if tag == "date":
        return dt.date.fromisoformat(str(value))
    if tag in ("Decimal", "Fraction"):
        return (Decimal if tag == "Decimal" else Fraction)(str(value))
    if tag == "numpy":
        dtype = _dtype(data["dtype"])
        if dtype.kind not in "biufMm":
            raise ValueError(f"dtype {dtype} is not a number's")
        return np.array(value, dtype="int64").view(dtype)[()] if dtype.kind in "Mm" else np.array(value, dtype)[()]
    if tag == "ndarray":
        return np.array(value, dtype=_dtype(data["dtype"])).reshape([int(n) for n in data["shape"]])
    if tag == "opaque":
        return Opaque(str(value)[:200])
    raise ValueError(f"unknown tag {tag!r}")


def _dtype(name: str) -> np.dtype:
    if not SAFE_DTYPES.fullmatch(str(name)):
        raise ValueError(f"dtype {name!r} is not allowed")
    return np.dtype(name)


def _unarray(data: dict):
    if data["dtype"] == "category":
        categories = _unindex(data["categories"])
        return pd.Categorical.from_codes([int(c) for c in data["codes"]], categories=categories,
                                         ordered=bool(data["ordered"]))
    name = str(data["dtype"])
    if not SAFE_DTYPES.fullmatch(name):
        raise ValueError(f"dtype {name!r} is not allowed")
    return pd.array([decode(item) for item in data["v"]], dtype=name)


def _unindex(data: dict) -> pd.Index:
    tag = data["$"]
    if tag == "range":
        return pd.RangeIndex(int(data["start"]), int(data["stop"]), int(data["step"]), name=decode(data["name"]))
    if tag == "multi":
        return pd.MultiIndex.from_tuples([decode(t) for t in data["v"]], names=[decode(n) for n in data["names"]])
    if tag == "index":
        return pd.Index(_unarray(data["values"]), name=decode(data["name"]))
    raise ValueError(f"unknown index {tag!r}")


def raised(error: BaseException) -> dict:
    """An exception as plain data: its class's name, the built-in exceptions it derives from, its message."""
    try:
        message = str(error)
    except Exception:
        message = ""
    bases = [c.__name__ for c in type(error).__mro__ if getattr(builtins, c.__name__, None) is c]
    return {"type": type(error).__name__, "bases": bases, "message": message}


def reraise(data: dict) -> BaseException:
    """The exception ``raised`` described, rebuilt from a built-in base so that ``except ValueError`` still
    catches a student's ``ValueError`` subclass; its name and message are the original's."""
    base = next((getattr(builtins, name) for name in data.get("bases", [])
                 if isinstance(getattr(builtins, name, None), type) and issubclass(getattr(builtins, name), BaseException)),
                Exception)
    message = str(data.get("message", ""))
    kind = type(str(data.get("type", base.__name__))[:100], (base,),
                {"__str__": lambda self: message, "from_kernel": True})
    return kind(message)


# ------------------------------------------------------------------ the kernel's end

_kept: list = []  # what the grader may pass back to a student's function: the original objects, by number


def answer(request: str) -> None:
    """Run one request of the grader in the kernel and publish the reply (see Bridge in boundary.py)."""
    from IPython import get_ipython
    from IPython.display import publish_display_data

    publish_display_data({MIME: json.dumps(respond(json.loads(request), get_ipython().user_ns))})


def respond(ask: dict, namespace: dict) -> dict:
    """The reply to one request: the twin of a value, or of a function's result, or the error it raised."""
    if ask["op"] == "fetch_many":
        return {"replies": [respond({"op": "fetch", "expr": expression}, namespace) for expression in ask["exprs"]]}
    try:
        if ask["op"] == "fetch":
            return _described(eval(ask["expr"], namespace))  # noqa: S307 - the student's own names, in their kernel
        function = _kept[ask["ref"]]
        args = [_argument(a) for a in ask["args"]]
        kwargs = {k: _argument(a) for k, a in ask["kwargs"].items()}
        return _described(function(*args, **kwargs))
    except Exception as error:  # the student's error: it becomes the check's verdict on the grader's side
        return {"raised": raised(error)}


def _argument(data: dict):
    return _kept[data["ref"]] if "ref" in data else decode(data["data"])


def _described(value) -> dict:
    _kept.append(value)
    reply = {"ref": len(_kept) - 1, "value": encode(value)}
    if callable(value):
        name = getattr(value, "__name__", None)
        reply["callable"] = name if isinstance(name, str) else None
    return reply
