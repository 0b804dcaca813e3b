"""Instructor tools: parallel, sandboxed, resumable autograding on top of nbgrader, and grade reports.

Run ``python -m nkcourse.grading --help`` (or ``python3 tasks.py grade --help`` from the repository).
"""
