"""The course's check library: every visible and hidden test cell of every assignment calls it.

A check normalises the student's answer to plain data (``plain``), then compares it with what the prompt asks,
and fails with a ``CheckFailed`` whose message says what is wrong and how to fix its form, never the expected
value. Test cells follow one rule, so that checks can run outside the student's kernel: a student's names
appear only in the first argument of a check; everything else a hidden check needs is computed from the
course data (``nkcourse.load_table``) or written in the cell.

    from nkcourse import checks
    checks.table(counts, "counts", columns=["Beijing", "Moscow"], index=range(1955, 1990, 5))
    checks.integer(days_apart, "days_apart", expected=_days, hint="Subtract the two dates and take .days.")
"""
from nkcourse.checks.figures import (UNITS, bars, data_lines, errorbar_points, figure, line_through, mentions_unit,
                                     read, reference_line, texts)
from nkcourse.checks.plain import CheckFailed
from nkcourse.checks.tables import close_enough, rows, series, table, varied
from nkcourse.checks.values import (ANY, boolean, call, integer, mapping, missing, number, raises, sequence, text,
                                    timestamp, value)

__all__ = [
    "ANY", "CheckFailed", "UNITS", "bars", "boolean", "call", "close_enough", "data_lines", "errorbar_points", "figure", "integer",
    "line_through", "mapping", "mentions_unit", "missing", "number", "raises", "read", "reference_line", "rows",
    "sequence", "series", "table", "text", "texts", "timestamp", "value", "varied",
]
