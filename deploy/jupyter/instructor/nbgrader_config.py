"""nbgrader settings for the instructor and the graders: the course folder, which the hub links as ~/course.

nbgrader also reads the course's own nbgrader_config.py from that folder (grading, feedback)."""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.root = os.path.expanduser("~/course")
# The course and the exchange's course folders belong to the graders' Unix group (deploy/jupyterhub_config.py):
# nbgrader keeps what it writes there group-writable, and accepts exchange folders another grader made.
c.CourseDirectory.groupshared = True
