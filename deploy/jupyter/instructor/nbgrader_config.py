"""nbgrader settings for the instructor: the course folder, which the hub copies from course/ on first start.

nbgrader also reads the course's own nbgrader_config.py from that folder (grading, feedback)."""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.root = os.path.expanduser("~/course")
