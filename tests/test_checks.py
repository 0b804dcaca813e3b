"""The check library: every form a prompt allows passes, what does not normalise fails, and no message gives
the expected value away."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from nkcourse import checks
from nkcourse.checks import plain

SECRET = 98765.4321  # an expected value no message may contain


def failure(function, *args, **kwargs) -> str:
    with pytest.raises(checks.CheckFailed) as caught:
        function(*args, **kwargs)
    message = str(caught.value)
    assert message.strip() and "98765" not in message
    return message


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __float__(self):
        return SECRET


class LyingFloat(float):
    def __eq__(self, other):
        return True

    def __float__(self):
        return SECRET


@pytest.mark.parametrize("given", [SECRET, np.float64(SECRET), np.float32(SECRET), SECRET + 1e-12])
def test_numbers_in_every_plain_form_pass(given):
    tolerance = 2 if type(given) is np.float32 else None
    assert checks.number(given, "x", expected=SECRET, decimals=tolerance) == pytest.approx(SECRET)


def test_decimals_accept_rounding_to_the_stated_precision_and_no_further():
    assert checks.number(round(SECRET, 2), "x", expected=SECRET, decimals=2)
    failure(checks.number, round(SECRET, 1), "x", expected=SECRET, decimals=2)
    failure(checks.number, round(SECRET, 2), "x", expected=SECRET)


@pytest.mark.parametrize("cheat", [AlwaysEqual(), LyingFloat(1.0), "98765.4321", [SECRET]])
def test_what_does_not_normalise_or_only_claims_equality_fails(cheat):
    failure(checks.number, cheat, "share", expected=SECRET)


def test_a_numpy_bool_and_int_are_a_bool_and_an_int():
    assert checks.boolean(np.bool_(False), "x", expected=False) is False
    assert checks.integer(np.int64(7), "x", expected=7) == 7
    message = failure(checks.boolean, 0, "flag")
    assert "True or False" in message


def test_int_accepts_whole_floats_and_refuses_bools():
    assert checks.integer(7.0, "x", expected=7) == 7
    failure(checks.integer, 7.5, "x")
    failure(checks.integer, True, "x")


def test_sequences_accept_list_tuple_series_array_and_judge_order_only_when_asked():
    for given in ([1960, 1970], (1960, 1970), pd.Series([1960, 1970]), np.array([1960, 1970])):
        assert checks.sequence(given, "w", expected=[1960, 1970], of="int") == [1960, 1970]
    assert "wrong order" in failure(checks.sequence, [1970, 1960], "w", expected=[1960, 1970], of="int")
    checks.sequence([1970, 1960], "w", expected=[1960, 1970], of="int", ordered=False)
    assert "too few" in failure(checks.sequence, [1960], "w", expected=[1960, 1970])


def test_mapping_allows_extra_keys_unless_told_not_to():
    checks.mapping({"a": 1.0, "b": np.float64(2), "extra": 3}, "weights", expected={"a": 1, "b": 2})
    failure(checks.mapping, {"a": 1, "b": 2, "extra": 3}, "weights", expected={"a": 1, "b": 2}, extra_keys=False)
    assert "'b'" in failure(checks.mapping, {"a": 1}, "weights", expected={"a": 1, "b": SECRET})


def test_tables_accept_nullable_and_categorical_dtypes():
    df = pd.DataFrame({"n": pd.array([1, 2], dtype="Int64"), "ok": pd.array([True, False], dtype="boolean"),
                       "code": pd.Categorical(["x", "y"]), "when": pd.to_datetime(["1961-07-06", "1961-07-11"])})
    expected = pd.DataFrame({"n": [1, 2], "ok": [True, False], "code": ["x", "y"],
                             "when": [pd.Timestamp("1961-07-06"), pd.Timestamp("1961-07-11")]})
    checks.table(df, "df", columns=["n", "ok", "code", "when"], sorted_by="when")
    checks.rows(df.iloc[::-1], "df", expected, key="code")
    assert "wrong order" in failure(checks.rows, df.iloc[::-1], "df", expected, key="code", ordered=True)
    assert "'n'" in failure(checks.rows, df.assign(n=[1, 3]), "df", expected, key="code")


def test_table_messages_name_the_column_and_how_to_fix():
    df = pd.DataFrame({"a": [2, 1], "b": [0, 0]})
    assert "'c'" in failure(checks.table, df, "df", columns=["a", "b", "c"])
    assert "wrong order" in failure(checks.table, df, "df", columns=["b", "a"])
    assert "sort_values('a')" in failure(checks.table, df, "df", sorted_by="a")
    assert "Series" in failure(checks.table, df["a"], "df")


def test_series_checks_name_index_and_values():
    s = pd.Series([np.int64(1), np.int64(-2)], index=["Beijing", "Moscow"], name="tilt")
    checks.series(s, "s", expected={"Beijing": 1, "Moscow": -2}, index=["Beijing", "Moscow"], series_name="tilt",
                  of="number")
    assert "rename('tilt')" in failure(checks.series, s.rename("x"), "s", series_name="tilt")
    failure(checks.series, s, "s", expected={"Beijing": 1, "Moscow": SECRET})


def test_call_and_raises_turn_student_errors_into_messages():
    assert "ZeroDivisionError" in failure(checks.call, lambda: 1 / 0, name="f()")
    checks.raises(int, ("x",), ValueError, "int('x')")
    assert "returned without an error" in failure(checks.raises, int, ("1",), ValueError, "int('1')")
    assert "should be a function" in failure(checks.call, 5, name="f")


def _bar_chart(invert: bool, horizontal: bool = False):
    fig, ax = plt.subplots()
    (ax.barh if horizontal else ax.bar)(["NATO", "ROK-US", "2024"], [3, 2, 1])
    if invert:
        (ax.invert_yaxis if horizontal else ax.invert_xaxis)()
    ax.axhline(0, label="zero line")
    ax.set_xlabel("Treaty")
    ax.set_ylabel("Trade (US$ million)")
    fig.suptitle("A title")
    fig.text(0, 0, "Source: course data")
    return fig


def test_bars_are_read_in_screen_order_inverted_axes_included():
    checks.bars(_bar_chart(False), order=["NATO", "ROK-US", "2024"], values={"NATO": 3})
    checks.bars(_bar_chart(True), order=["2024", "ROK-US", "NATO"])
    assert "wrong order" in failure(checks.bars, _bar_chart(True), order=["NATO", "ROK-US", "2024"])
    # Horizontal bars read top to bottom: barh draws the first category at the bottom.
    checks.bars(_bar_chart(False, horizontal=True), order=["2024", "ROK-US", "NATO"])
    checks.bars(_bar_chart(True, horizontal=True), order=["NATO", "ROK-US", "2024"])
    plt.close("all")


def test_figure_parts_suptitle_units_source_and_labelled_reference_line():
    fig = _bar_chart(False)
    checks.figure(fig, yunit="USD")
    checks.reference_line(fig, "fig", y=0)
    assert all(line["reference"] == "horizontal" for line in checks.read(fig)["axes"][0]["lines"])
    fig.texts.clear()
    assert "add_source_note" in failure(checks.figure, fig)
    assert "should be a matplotlib Figure" in failure(checks.figure, "a picture")
    plt.close("all")


@pytest.mark.parametrize("label, unit, ok", [("US$ million", "USD", True), ("Trade (US dollars)", "USD", True),
                                              ("USD m", "USD", True), ("Trade (million)", "USD", False),
                                              ("Share (%)", "percent", True), ("Share, per cent", "percent", True),
                                              ("Visits (number)", "visits", True), ("Tilt", "visits", False)])
def test_unit_wordings(label, unit, ok):
    assert checks.mentions_unit(label, unit) is ok


def test_steps_and_errorbars_read_as_drawn_one_call_or_many():
    fig, ax = plt.subplots()
    ax.step([1955, 1960], [-1, 2], where="post")
    for x, (low, high) in enumerate([(1, 3), (2, 5)]):
        ax.errorbar([x], [(low + high) / 2], yerr=[[(high - low) / 2], [(high - low) / 2]], fmt="o")
    checks.line_through(fig, "fig", {1955: -1, 1960: 2}, steps=True)
    assert "no data line passes" in failure(checks.line_through, fig, "fig", {1955: 1}, steps=True)
    ends = sorted((bar["y0"], bar["y1"]) for bar in checks.read(fig)["axes"][0]["errorbars"])
    assert ends == [(1.0, 3.0), (2.0, 5.0)]
    plt.close("all")


def test_plain_reads_subclasses_through_their_base_class():
    assert type(plain.scalar(LyingFloat(2.5))) is float and plain.scalar(LyingFloat(2.5)) == 2.5
    assert plain.scalar(np.datetime64("1961-07-06")) == pd.Timestamp("1961-07-06")
    assert plain.scalar(pd.NA) is None and plain.scalar(float("nan")) is None
    with pytest.raises(TypeError):
        plain.scalar(AlwaysEqual())


def test_dates_in_an_array_are_dates():
    days = np.array(["1961-07-06", "1961-07-11"], dtype="datetime64[ns]")
    assert checks.sequence(days, "d", of="timestamp") == [pd.Timestamp("1961-07-06"), pd.Timestamp("1961-07-11")]


def test_a_kind_or_none_accepts_a_missing_item():
    assert checks.sequence([None, 3, np.nan], "gaps", of="int or None") == [None, 3, None]
    failure(checks.sequence, [None, "x"], "gaps", of="int or None")


def _ranges(one_call: bool, swap_ends: bool = False):
    fig, ax = plt.subplots()
    rows = [("NATO", 5.0, 4.0, 6.0), ("ROK-US", 3.0, 2.5, 4.0)]
    if one_call:
        ax.errorbar([r[1] for r in rows], [0, 1], xerr=[[r[1] - r[2] for r in rows], [r[3] - r[1] for r in rows]],
                    fmt="o")
    else:
        for y, (_, score, low, high) in enumerate(rows):
            left, right = (high - score, score - low) if swap_ends else (score - low, high - score)
            ax.errorbar([score], [y], xerr=[[left], [right]], fmt="o")
    ax.set_yticks([0, 1], [r[0] for r in rows])
    ax.invert_yaxis()
    return fig


def test_errorbar_points_read_one_call_or_many_in_screen_order():
    for one_call in (True, False):
        points = checks.errorbar_points(_ranges(one_call), horizontal=True)
        assert [(p["label"], p["value"], p["low"], p["high"]) for p in points] == [
            ("NATO", 5.0, 4.0, 6.0), ("ROK-US", 3.0, 2.5, 4.0)]
    swapped = checks.errorbar_points(_ranges(False, swap_ends=True), horizontal=True)
    assert (swapped[1]["low"], swapped[1]["high"]) != (2.5, 4.0)
    assert "error bars" in failure(checks.errorbar_points, plt.subplots()[0])
    plt.close("all")


def test_close_enough_tells_a_slip_from_an_empty_or_made_up_answer():
    truth = pd.DataFrame({"v": [1, 2, 3, 4]}, index=["a", "b", "c", "d"])
    assert checks.close_enough(truth.iloc[[0, 1, 3]], truth)           # one row lost
    assert checks.close_enough(truth.iloc[::-1], truth)                # another order
    assert not checks.close_enough(truth.iloc[:0], truth)              # empty
    assert not checks.close_enough(truth.assign(v=0), truth)           # every value made up
    assert not checks.close_enough(pd.concat([truth, truth.rename(index=str.upper)] * 2), truth)  # padded
    assert checks.close_enough([1960, 1970], [1960, 1970, 1980]) and not checks.close_enough([], [1960])


def test_varied_refuses_constant_empty_or_all_false_answers():
    assert checks.varied([0.2, 0.4]) and checks.varied(pd.DataFrame({"a": [True, False]}))
    assert not checks.varied([]) and not checks.varied(pd.Series([0, 0, 0]))
    assert not checks.varied(pd.DataFrame({"a": [False, False], "b": [False, False]}))


def test_a_missing_value_gets_the_exercise_hint():
    assert "Use return" in failure(checks.number, None, "f(x)", hint="Use return, not print.")
