"""Grades out of the gradebook: a per-question CSV, and an item-analysis page per assignment."""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib
import pandas as pd
from nbgrader.api import Gradebook, Grade

from .grader import load_course

COLUMNS = ["assignment", "student", "notebook", "grade_id", "auto_score", "manual_score", "score", "max_score",
           "needs_manual_grade"]


def grade_table(course_dir: Path) -> pd.DataFrame:
    """One row per student and graded cell, for every submission in the gradebook."""
    _, coursedir = load_course(Path(course_dir))
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        rows = [(g.assignment.name, g.student.id, g.notebook.name, g.name, g.auto_score, g.manual_score, g.score,
                 g.max_score, g.needs_manual_grade) for g in gb.db.query(Grade)]
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["assignment", "student", "notebook", "grade_id"],
                                                            ignore_index=True)


EXPORTS = "exports"  # the folder, inside the course, where exports go by default (git ignores it: they hold grades)
LMS = ("canvas", "moodle")


def export_csv(course_dir: Path, output: Path) -> int:
    table = grade_table(course_dir)
    table.to_csv(output, index=False)
    return len(table)


def lms_table(course_dir: Path, lms: str, per_question: bool = False) -> pd.DataFrame:
    """The gradebook as an LMS imports it: one row per student, one column per assignment (its total score),
    and with `per_question` one more per graded cell. A student with no submission scores 0, as in nbgrader's
    own export. Canvas: its gradebook-import columns, students matched by SIS Login ID (the nbgrader student
    id), and a "Points Possible" row. Moodle: a "Username" column for the grade import's user mapping."""
    _, coursedir = load_course(Path(course_dir))
    table = grade_table(course_dir)
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        students = [(s.id, s.first_name, s.last_name) for s in gb.students]
        assignments = {a.name: sum(g.max_score for n in a.notebooks for g in n.grade_cells) for a in gb.assignments}
    columns = {name: (table["assignment"] == name, total) for name, total in sorted(assignments.items())}
    if per_question:
        for (assignment, grade_id), rows in table.groupby(["assignment", "grade_id"]):
            columns[f"{assignment}: {grade_id}"] = ((table["assignment"] == assignment) & (table["grade_id"] == grade_id),
                                                    rows["max_score"].iloc[0])
    scores = {column: table[selected].groupby("student")["score"].sum() for column, (selected, _) in columns.items()}
    rows = []
    for student, first, last in sorted(students):
        marks = {column: float(scores[column].get(student, 0.0)) for column in columns}
        if lms == "canvas":
            name = f"{last}, {first}" if last and first else (last or first or student)
            rows.append({"Student": name, "ID": "", "SIS User ID": "", "SIS Login ID": student, "Section": "", **marks})
        else:
            rows.append({"Username": student, **marks})
    frame = pd.DataFrame(rows, columns=(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] if lms == "canvas"
                                        else ["Username"]) + list(columns))
    if lms == "canvas":
        possible = {"Student": "Points Possible", **{column: float(total) for column, (_, total) in columns.items()}}
        frame = pd.concat([pd.DataFrame([possible], columns=frame.columns), frame], ignore_index=True).fillna("")
    return frame


def item_analysis(table: pd.DataFrame) -> pd.DataFrame:
    """Per question: mean score, share of full marks, and discrimination.

    Discrimination is the corrected item-total correlation: how well the question's score agrees with the
    student's score on all other questions (above about 0.3 separates strong from weak submissions well;
    near 0 or negative, the question measures something else or is broken).
    """
    scores = table.pivot_table(index="student", columns="grade_id", values="score", aggfunc="sum")
    maximum = table.groupby("grade_id")["max_score"].first()
    total = scores.sum(axis=1)
    items = pd.DataFrame({
        "max_score": maximum,
        "mean_score": scores.mean(),
        "share_full_marks": (scores.ge(maximum - 1e-9)).mean(),
        "discrimination": pd.Series({q: scores[q].corr(total - scores[q]) for q in scores.columns}),
    })
    return items.loc[scores.columns].sort_values("discrimination", ascending=False)


def _figure_html(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    matplotlib.pyplot.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img alt="{html.escape(fig.axes[0].get_title())}" src="data:image/png;base64,{data}">'


def write_report(course_dir: Path, assignment: str, output: Path) -> None:
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nkcourse import use_course_style
    use_course_style()
    table = grade_table(course_dir)
    table = table[table["assignment"] == assignment]
    if table.empty:
        raise SystemExit(f"No grades for {assignment!r}: autograde it first.")
    totals = table.groupby("student")["score"].sum()
    maximum = table.groupby("grade_id")["max_score"].first().sum()
    items = item_analysis(table)
    pending = int(table["needs_manual_grade"].sum())

    fig, ax = plt.subplots()
    ax.hist(totals, bins=min(20, max(5, len(totals) // 2)), range=(0, maximum))
    ax.set(title=f"Total scores, {assignment}", xlabel=f"Score (of {maximum:g})", ylabel="Students")
    histogram = _figure_html(fig)

    fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(items))))
    ordered = items.sort_values("discrimination")
    ax.barh(ordered.index, ordered["discrimination"])
    ax.axvline(0.3, linestyle=":", color="#444444")
    ax.set(title="Which questions separate strong from weak submissions", xlabel="Corrected item-total correlation")
    discrimination = _figure_html(fig)

    fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(items))))
    ax.barh(ordered.index, ordered["share_full_marks"])
    ax.set(title="Share of students with full marks, per question", xlabel="Share of students", xlim=(0, 1))
    full_marks = _figure_html(fig)

    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Item analysis: {html.escape(assignment)}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto}}table{{border-collapse:collapse}}td,th{{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:right}}</style></head><body>
<h1>Item analysis: {html.escape(assignment)}</h1>
<p>{len(totals)} submissions; mean {totals.mean():.1f} of {maximum:g} points, median {totals.median():.1f}.
{pending} answers still need grading by hand (their scores count as 0 here).</p>
{histogram}
<h2>Questions</h2>
<p>Discrimination is the correlation between a question's score and the score on all other questions.
Questions near 0 or below do not separate strong from weak work: check their wording and tests.</p>
{items.to_html(float_format=lambda v: f"{v:.2f}")}
{discrimination}
{full_marks}
</body></html>"""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
