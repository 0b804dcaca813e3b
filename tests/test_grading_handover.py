"""The trust boundary's parts (nkcourse.grading.handover and .boundary), without a kernel.

A "kernel" here is a namespace answered by handover.respond, the function the real kernel runs; the
end-to-end proof that grading through the boundary gives nbgrader's own verdicts is tests/test_fairness.py.
"""
from __future__ import annotations

import collections
import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

import matplotlib
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from nkcourse import checks
from nkcourse.checks.figures import Reading
from nkcourse.checks.plain import Opaque
from nkcourse.grading import handover
from nkcourse.grading.boundary import TrustedTests, handed_over, parse

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def crossed(value):
    """The twin the grader receives for a value of the kernel: encoded, sent as JSON text, decoded."""
    return handover.decode(json.loads(json.dumps(handover.encode(value))))


FRAMES = {
    "nullable and categorical": pd.DataFrame({
        "n": pd.array([1, None, 3], dtype="Int64"), "c": pd.Categorical(["b", "a", "b"], categories=["b", "a"]),
        "s": pd.array(["x", None, "z"], dtype="string"), "f": [0.5, np.nan, 2.0], "b": [True, False, True]},
        index=pd.Index([1990, 1995, 2000], name="year")),
    "dates with a gap": pd.DataFrame({"day": pd.to_datetime(["1961-07-11", None, "2024-06-19"]),
                                      "gap": pd.to_timedelta([1, 2, None], unit="D")}),
    "repeated column names": pd.DataFrame([[1, 2], [3, 4]], columns=["a", "a"]),
    "a MultiIndex": pd.DataFrame({"v": [1.0, 2.0]}, index=pd.MultiIndex.from_tuples([("A", 1), ("B", 2)],
                                                                                      names=["k", "n"])),
    "objects mixed": pd.DataFrame({"o": [1, "two", None, pd.Timestamp("2000-01-01")]}),
}


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_a_table_crosses_with_its_values_index_and_dtypes(name):
    frame = FRAMES[name]
    pd.testing.assert_frame_equal(crossed(frame), frame)
    for column in range(frame.shape[1]):
        pd.testing.assert_series_equal(crossed(frame.iloc[:, column]), frame.iloc[:, column])


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("nan"), "text", pd.Timestamp("1961-07-11"), pd.NaT, pd.NA, pd.Timedelta(days=3),
    np.int64(7), np.float32(1.5), np.bool_(True), np.datetime64("2024-06-19"), Decimal("1.5"), Fraction(1, 3),
    dt.date(1953, 10, 1), dt.datetime(1953, 10, 1, 12), [1, (2, "x")], {"a": [1, 2], 3: None},
    np.array([1.0, 2.0]), np.array([[1, 2], [3, 4]]), pd.RangeIndex(2, 10, 2, name="r"), pd.Index(["x", "y"]),
], ids=repr)
def test_a_plain_value_crosses_as_itself(value):
    twin = crossed(value)
    assert type(twin) is type(value) or (value is pd.NaT and twin is pd.NaT)
    if isinstance(value, (np.ndarray, pd.Index)):
        assert np.array_equal(np.asarray(twin), np.asarray(value)) and twin.dtype == value.dtype
    elif value is not pd.NA and value == value:
        assert twin == value


class _AlwaysEqual:
    def __eq__(self, other):
        return True


class _LyingFloat(float):
    def __eq__(self, other):
        return True


class _MyFrame(pd.DataFrame):
    pass


# (answer, check) pairs: the check's verdict on the twin must be its verdict on the answer itself.
VERDICTS = [
    (_AlwaysEqual(), lambda v: checks.number(v, "x", expected=3.0)),
    ([_AlwaysEqual()], lambda v: checks.sequence(v, "x", [1])),
    (_LyingFloat(2.0), lambda v: checks.number(v, "x", expected=3.0)),
    (_LyingFloat(3.0), lambda v: checks.number(v, "x", expected=3.0)),
    (collections.OrderedDict(a=1), lambda v: checks.mapping(v, "x", {"a": 1})),
    (collections.namedtuple("Point", "x y")(1, 2), lambda v: checks.sequence(v, "x", [1, 2])),
    (_MyFrame({"a": [1]}), lambda v: checks.table(v, "x", columns=["a"])),
    (FRAMES["dates with a gap"], lambda v: checks.table(v, "x", columns=["day", "gap"])),
    (pd.Series([1, 2]), lambda v: checks.table(v, "x")),
    (np.float64(2.5), lambda v: checks.integer(v, "x")),
    (np.complex128(1j), lambda v: checks.number(v, "x")),
    ({"a": 1}, lambda v: checks.figure(v, "fig")),
    (print, lambda v: checks.value(v, "x")),
]


def verdict(check, value) -> str:
    try:
        check(value)
    except checks.CheckFailed as failure:
        return str(failure)
    return "passed"


@pytest.mark.parametrize("value, check", VERDICTS, ids=lambda v: type(v).__name__)
def test_a_check_judges_the_twin_as_it_judges_the_answer(value, check):
    assert verdict(check, crossed(value)) == verdict(check, value)


def test_a_figure_crosses_as_what_a_reader_sees_and_a_dict_is_no_figure():
    fig, ax = plt.subplots()
    ax.bar(["Beijing", "Moscow"], [3, 5])
    ax.set_title("Visits")
    for twin in (crossed(fig), crossed(ax)):
        assert type(twin) is Reading and twin == checks.read(fig)
    assert "should be a matplotlib Figure; it is dict" in verdict(lambda v: checks.figure(v, "fig"), dict(checks.read(fig)))
    plt.close(fig)


@pytest.mark.parametrize("data", [
    {"$": "pickle", "v": "gASVAAAA"},
    {"$": "series", "name": None, "index": {"$": "range", "start": 0, "stop": 1, "step": 1, "name": None},
     "values": {"dtype": "Sparse[int64]", "v": [1]}},
    {"$": "numpy", "dtype": "object", "v": 1},
    ["not", "tagged"],
])
def test_anything_but_the_plain_forms_is_refused_when_read(data):
    with pytest.raises((ValueError, TypeError)):
        handover.decode(data)


def test_an_error_crosses_with_its_name_message_and_builtin_base():
    class NoticeError(ValueError):
        pass

    rebuilt = handover.reraise(json.loads(json.dumps(handover.raised(NoticeError("bad notice")))))
    assert isinstance(rebuilt, ValueError) and type(rebuilt).__name__ == "NoticeError" and str(rebuilt) == "bad notice"
    key = handover.reraise(handover.raised(KeyError("Moscow")))
    assert isinstance(key, KeyError) and str(key) == str(KeyError("Moscow"))
    assert type(handover.reraise(handover.raised(SystemExit(3)))).from_kernel


# ------------------------------------------------------------------ the grader's side of a test cell

def source(answer: str):
    """An instructor's notebook with one answer cell (whose names are the student's) and one test cell."""
    return new_notebook(cells=[
        new_code_cell("import pandas as pd\nfrom nkcourse import checks"),
        new_code_cell(answer, metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "a"}}),
        new_code_cell("pass", metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t", "points": 1}}),
    ])


SOURCE = source("ratio = 0.75\ndef double(x):\n    return 2 * x\ndef make():\n    pass\ndef is_box(b):\n    pass")


class Kernel:
    """A student's namespace answering the grader's requests as the real kernel does; it records every request."""

    def __init__(self, **names):
        self.namespace, self.requests = dict(names), []

    def ask(self, request: dict) -> dict:
        self.requests.append(json.dumps(request))
        return json.loads(json.dumps(handover.respond(json.loads(self.requests[-1]), self.namespace)))


def run(kernel: Kernel, source: str) -> list[dict]:
    tests = TrustedTests(SOURCE, kernel.ask)
    tests.namespace["_hidden_ratio"] = lambda: 0.75
    return tests.run(source)


def test_only_the_students_names_and_the_data_a_call_needs_reach_the_kernel():
    kernel = Kernel(ratio=0.75, double=lambda x: 2 * x)
    source = ("_secret = pd.Series([1.5, 2.5], name='hidden')\n"
              "checks.number(ratio, 'ratio', expected=_hidden_ratio())\n"
              "checks.series(checks.call(double, _secret), 'double', expected=_secret * 2)")
    assert run(kernel, source) == []
    sent = " ".join(kernel.requests)
    assert "ratio" in sent and "double" in sent and "1.5" in sent  # the student's names; the call's argument
    assert "checks" not in sent and "_hidden_ratio" not in sent and "expected" not in sent and "_secret" not in sent


def test_a_wrong_or_missing_answer_fails_with_the_checks_own_message():
    failed = run(Kernel(ratio=0.5), "checks.number(ratio, 'ratio', expected=_hidden_ratio())")
    assert failed[-1]["ename"] == "CheckFailed" and failed[-1]["evalue"] == "ratio: is not the right value."
    missing = run(Kernel(), "checks.number(ratio, 'ratio', expected=_hidden_ratio())")
    assert missing[-1]["ename"] == "NameError" and "ratio" in missing[-1]["evalue"]


def test_a_students_function_gets_back_its_own_result_not_a_copy():
    class Box:
        pass

    kernel = Kernel(make=lambda: Box(), is_box=lambda b: isinstance(b, Box))
    assert run(kernel, "_b = checks.call(make)\nchecks.boolean(checks.call(is_box, _b), 'is_box', expected=True)") == []


def test_a_forged_or_broken_reply_fails_the_cell_and_nothing_else():
    for reply in ({"value": {"$": "pickle"}, "ref": 0}, {"nothing": 1}, {"value": True}):
        failed = TrustedTests(SOURCE, lambda request, reply=reply: reply).run("checks.number(ratio, 'ratio')")
        assert failed[-1]["ename"] in ("HandoverError", "CheckFailed"), failed


def test_handed_over_expressions_are_the_first_arguments_and_call_arguments():
    tree = parse("checks.text(checks.call(f, pd.Timestamp(_d), n), 'f', expected=_want)\n"
                 "checks.table(frame.reset_index(), 'frame', columns=_cols)")
    found = [e for e in handed_over(tree, {"f", "n", "frame"})]
    assert [__import__("ast").unparse(e) for e in found] == ["f", "n", "frame.reset_index()"]


def test_an_opaque_value_says_what_it_is():
    assert "should be a number" in verdict(lambda v: checks.number(v, "x"), Opaque("an object of its own class (Foo)"))
