"""Helpers that the course notebooks import: the data package and the plot style."""
from nkcourse.data import CourseDataError, data_dir, list_tables, load_table
from nkcourse.plotting import PALETTE, add_source_note, use_course_style

__all__ = [
    "CourseDataError", "data_dir", "list_tables", "load_table",
    "PALETTE", "add_source_note", "use_course_style",
]
