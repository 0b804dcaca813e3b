"""nbgrader settings for the course. Run every nbgrader command from this folder (course/)."""
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "moscow-beijing"
# The gradebook is gradebook.db in this folder (SQLite), for one instructor. For several graders, paste below the
# c.CourseDirectory.db_url line that deploy/postgresql-gradebook.sh prints (README: "Several graders").

# A cell that runs longer than this is stopped and the rest of the notebook is still graded.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# What students see in place of a removed solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A student who deletes a test cell does not escape it: nbgrader puts it back (at the end) when grading.
c.OverwriteCells.add_missing_cells = True

# A test cell earns its points exactly when it runs without error: nothing it displays or writes to stderr
# changes that (nbgrader would read a displayed number as partial credit).
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nkcourse.grading.credit.PassFailOnly",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback shows neither hidden tests nor the test code in tracebacks (nbgrader leaves both in by default).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nkcourse.grading.feedback.HideTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Maths in feedback and the formgrader come from the MathJax the Jupyter server serves, never from a CDN.
from nkcourse.grading.feedback import TEMPLATE_BASEDIRS  # noqa: E402

c.HTMLExporter.extra_template_basedirs = TEMPLATE_BASEDIRS
