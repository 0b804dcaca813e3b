"""Load the course's data package (data/datapackage.json) into pandas, from any working directory.

A notebook calls ``load_table("claims")`` and gets a DataFrame whose dtypes follow the table's
schema: dates parsed, categories for fields with a fixed vocabulary, nullable integers so that a
missing value stays missing instead of becoming zero.
"""
from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pandas as pd

DESCRIPTOR = "datapackage.json"
ENV_VAR = "NKCOURSE_DATA"


class CourseDataError(Exception):
    """A data file is missing or does not match the data package's description of it."""


def data_dir() -> Path:
    """Where the data package is: $NKCOURSE_DATA, else the copy inside an installed wheel, else the checkout's data/."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    bundled = Path(str(resources.files("nkcourse"))) / "data"
    if (bundled / DESCRIPTOR).is_file():
        return bundled
    return Path(__file__).resolve().parents[2] / "data"


def _descriptor() -> dict:
    path = data_dir() / DESCRIPTOR
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseDataError(
            f"{path}: the data package descriptor is missing. Set {ENV_VAR} to the course's data/ folder "
            f"or reinstall the course (python3 tasks.py lab)."
        ) from None
    except json.JSONDecodeError as exc:
        raise CourseDataError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}).") from None


def _resources() -> dict[str, dict]:
    return {resource["name"]: resource for resource in _descriptor()["resources"]}


def list_tables() -> list[str]:
    """Names of the tables in the data package, for load_table()."""
    return sorted(_resources())


def _convert(column: pd.Series, field: dict, where: str) -> pd.Series:
    kind = field.get("type", "string")
    enum = field.get("constraints", {}).get("enum")
    try:
        if kind == "date":
            return pd.to_datetime(column, format="%Y-%m-%d")
        if kind == "integer" or kind == "year":
            return pd.to_numeric(column).astype("Int64")
        if kind == "number":
            return pd.to_numeric(column).astype("float64")
        if kind == "boolean":
            return column.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
    except (ValueError, TypeError) as exc:
        raise CourseDataError(f"{where}: column '{field['name']}' should hold {kind} values ({exc}).") from None
    if enum:
        unknown = sorted(set(column.dropna()) - set(enum))
        if unknown:
            raise CourseDataError(
                f"{where}: column '{field['name']}' has values outside its vocabulary {enum}: {unknown}."
            )
        return column.astype(pd.CategoricalDtype(enum))
    return column.astype("string")


def load_table(name: str) -> pd.DataFrame:
    """Load one table of the data package as a DataFrame typed by its schema.

    Raises CourseDataError, naming the file and the problem, when the table is unknown, its file is
    missing, or its columns or values do not match the schema in datapackage.json.
    """
    tables = _resources()
    if name not in tables:
        raise CourseDataError(f"No table named '{name}' in the course data. Tables: {', '.join(sorted(tables))}.")
    resource = tables[name]
    path = data_dir() / resource["path"]
    where = str(path)
    fields = resource["schema"]["fields"]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise CourseDataError(f"{where}: file missing (the data package lists it as table '{name}').") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CourseDataError(f"{where}: not a readable CSV file ({exc}).") from None

    expected = [field["name"] for field in fields]
    if list(raw.columns) != expected:
        missing = [c for c in expected if c not in raw.columns]
        extra = [c for c in raw.columns if c not in expected]
        raise CourseDataError(
            f"{where}: columns do not match the schema in {DESCRIPTOR} "
            f"(missing: {missing or 'none'}; unexpected: {extra or 'none'}; order must be {expected})."
        )
    for field in fields:
        if field.get("constraints", {}).get("required") and raw[field["name"]].isna().any():
            rows = (raw.index[raw[field["name"]].isna()] + 2).tolist()  # +2: header line, 1-based lines
            raise CourseDataError(f"{where}: required column '{field['name']}' is empty on line(s) {rows}.")
    return pd.DataFrame({field["name"]: _convert(raw[field["name"]], field, where) for field in fields})
