"""Nothing an instructor keeps back reaches students, and committed notebooks are clean."""
from __future__ import annotations

import json
import re
from collections import Counter

import nbformat
import pytest

from tests.conftest import SOURCE_NOTEBOOKS, SOURCE
from tests.submissions import is_autograded_test, meta, notebook_points

MARKERS = ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
           "BEGIN MARK SCHEME", "Model answer and rubric"]


def release_path(released_course, source_nb):
    return released_course / "release" / source_nb.parent.name / source_nb.name


def between(text: str, begin: str, end: str) -> list[str]:
    return [line.strip() for block in text.split(begin)[1:] for line in block.split(end)[0].splitlines()]


def kept_back_lines(source_nb) -> set[str]:
    """Lines of solutions and hidden tests: substantial ones only, so that `pass` or `)` do not count,
    and not those the source also shows students outside the markers (a worked example may share a line)."""
    lines, shown = set(), set()
    for cell in nbformat.read(source_nb, as_version=4).cells:
        secret = set(between(cell.source, "BEGIN SOLUTION", "END SOLUTION"))
        secret |= set(between(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
        lines |= secret
        shown |= {line.strip() for line in cell.source.splitlines()} - secret
    return {line for line in lines - shown if len(line) > 25 and not line.startswith("#")}


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_release_has_no_markers(released_course, source_nb):
    text = release_path(released_course, source_nb).read_text(encoding="utf-8")
    for marker in MARKERS:
        assert marker not in text, f"'{marker}' reached the student version"


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_release_has_no_solution_or_hidden_test_code(released_course, source_nb):
    release = nbformat.read(release_path(released_course, source_nb), as_version=4)
    release_lines = {line.strip() for cell in release.cells for line in cell.source.splitlines()}
    secret = kept_back_lines(source_nb)
    assert secret, "expected the source to hold solutions and hidden tests"
    leaked = sorted(secret & release_lines)
    assert not leaked, f"solution or hidden-test lines in the release: {leaked[:3]}"


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_committed_source_has_no_outputs(source_nb):
    nb = json.loads(source_nb.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"][:80]


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_cell_has_valid_nbgrader_metadata(source_nb):
    nb = nbformat.read(source_nb, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        data = meta(cell)
        assert data.get("schema_version") == 3 and data.get("grade_id"), f"cell without nbgrader metadata: {cell.source[:60]!r}"
        if data.get("grade"):
            assert data.get("points", 0) > 0, f"graded cell {data['grade_id']} has no points"
        if not data.get("solution"):
            assert data.get("locked"), f"{data['grade_id']}: instructions and tests must be locked"


def test_grade_ids_are_unique_across_the_course():
    ids = Counter(meta(cell)["grade_id"] for path in SOURCE.glob("*/*.ipynb")
                  for cell in nbformat.read(path, as_version=4).cells if meta(cell).get("grade_id"))
    assert not [grade_id for grade_id, n in ids.items() if n > 1]


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_points_per_assignment_are_in_range(source_nb):
    _, total = notebook_points(source_nb)
    assert 10 <= total <= 25, f"{source_nb.parent.name} is worth {total} points"


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_points_announced_to_students_match_the_metadata(source_nb):
    auto, total = notebook_points(source_nb)
    intro = nbformat.read(source_nb, as_version=4).cells[0].source
    announced = re.search(r"\*\*Points:\*\* (\d+) \((\d+) checked automatically", intro)
    assert announced, "the first cell should announce the points: '**Points:** N (M checked automatically ...'"
    assert (int(announced[1]), int(announced[2])) == (total, auto)


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_each_written_answer_shows_the_prompt_once(released_course, source_nb):
    release = nbformat.read(release_path(released_course, source_nb), as_version=4)
    for cell in release.cells:
        nbgrader_meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and nbgrader_meta.get("solution"):
            assert cell.source.count("YOUR ANSWER HERE") == 1, f"{nbgrader_meta['grade_id']}: {cell.source!r}"


# A rubric row as the course writes it: "| A. Criterion | 3 | what earns full marks |".
RUBRIC_ROW = re.compile(r"^\|\s*[A-Z]\.\s[^|]+\|\s*(\d+)\s*\|", re.MULTILINE)


def visible_rubrics(nb) -> list[tuple[int, list[int]]]:
    """(index, points per criterion) of every cell that shows a rubric table."""
    return [(i, [int(points) for points in RUBRIC_ROW.findall(cell.source)])
            for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown" and RUBRIC_ROW.search(cell.source)]


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_a_shown_rubric_reaches_students_and_graders(released_course, source_nb):
    """The formgrader shows the submitted notebook, so a rubric only in the source (inside the solution) is
    invisible to whoever grades. A rubric shown to students is a locked cell of the release, just before the
    written answer it grades, and its criteria add up to that answer's points."""
    release = nbformat.read(release_path(released_course, source_nb), as_version=4)
    for index, points in visible_rubrics(release):
        rubric, answer = release.cells[index], release.cells[index + 1]
        assert meta(rubric).get("locked"), f"{meta(rubric).get('grade_id')}: the rubric must be locked"
        assert meta(answer).get("grade") and meta(answer).get("solution") and answer.cell_type == "markdown", \
            f"{meta(rubric).get('grade_id')}: the written answer it grades should follow the rubric"
        assert sum(points) == meta(answer)["points"], f"{meta(answer)['grade_id']}: criteria {points}"


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_written_answer_is_graded_against_a_rubric_students_see(released_course, source_nb):
    """Every written answer has its rubric just before it, so the rule above cannot pass on nothing, and a new
    written answer without one fails."""
    release = nbformat.read(release_path(released_course, source_nb), as_version=4)
    answers = [i for i, cell in enumerate(release.cells)
               if cell.cell_type == "markdown" and meta(cell).get("grade") and meta(cell).get("solution")]
    graded = {index + 1 for index, _ in visible_rubrics(release)}
    missing = [meta(release.cells[i])["grade_id"] for i in answers if i not in graded]
    assert answers and not missing, f"written answers without a rubric shown just before them: {missing or 'none found'}"


def prose(markdown: str) -> str:
    """A markdown cell without its code blocks and code spans, where `$` is only ever a dollar sign."""
    return re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", markdown, flags=re.DOTALL))


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_no_markdown_renders_as_maths_by_accident(source_nb):
    """JupyterLab typesets the text between two `$` as maths: amounts vanish and words run together. The course
    writes no maths, so every dollar sign in prose is escaped (\\$)."""
    for cell in nbformat.read(source_nb, as_version=4).cells:
        if cell.cell_type == "markdown":
            bare = re.findall(r".{0,30}(?<!\\)\$.{0,30}", prose(cell.source))
            assert not bare, f"{meta(cell).get('grade_id', cell.get('id'))}: escape the dollar sign(s) as \\$: {bare}"


# A cell draws a figure when it makes one or plots on one: matplotlib's figure makers, pandas' `.plot(...)` and
# `.plot.bar(...)`, and the Axes methods the course uses to draw data.
DRAWS_A_FIGURE = re.compile(r"plt\.(subplots|figure)\(|\.plot(\.\w+)?\(|\.(bar|barh|step|scatter|errorbar|hist)\(")
FIGURE_SENTENCE = "What the figure shows"


def figure_cells(cells) -> list[int]:
    """Indices of the code cells that draw a figure: worked examples, instructor cells and solution cells of
    figure exercises. Autograded test cells only read the student's figure (their hints may quote `ax.plot(...)`)."""
    return [i for i, cell in enumerate(cells)
            if cell.cell_type == "code" and not is_autograded_test(cell) and DRAWS_A_FIGURE.search(cell.source)]


@pytest.mark.parametrize("source_nb", SOURCE_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_figure_is_described_in_words(source_nb):
    """Accessibility: after every figure, before the next code cell (the exercise's own test cells aside), a
    markdown cell says in a sentence what the figure shows, for a reader who cannot see it."""
    cells = nbformat.read(source_nb, as_version=4).cells
    undescribed = []
    for i in figure_cells(cells):
        following = []
        for cell in cells[i + 1:]:
            if cell.cell_type == "code" and not is_autograded_test(cell):
                break
            following.append(cell)
        if not any(c.cell_type == "markdown" and FIGURE_SENTENCE in c.source for c in following):
            undescribed.append(meta(cells[i]).get("grade_id", cells[i].get("id")))
    assert not undescribed, f"figures without a '*{FIGURE_SENTENCE}:*' sentence after them: {undescribed}"


def test_the_figure_rule_finds_the_course_figures():
    """The rule above must see the figures, or the test would pass on nothing."""
    found = {meta(nbformat.read(path, as_version=4).cells[i])["grade_id"]
             for path in SOURCE_NOTEBOOKS for i in figure_cells(nbformat.read(path, as_version=4).cells)}
    assert {"a0_figure_example", "a1_counts_figure", "a1_ex7_answer", "a4_ex4_answer", "a6_scenario_plot"} <= found
