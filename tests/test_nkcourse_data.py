"""The helper package loads every table typed by its schema, from anywhere, and fails clearly."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import nkcourse
from nkcourse import CourseDataError


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A scratch copy of the data package that a test may break; the real one is never touched."""
    target = tmp_path / "data"
    shutil.copytree(nkcourse.data_dir(), target)
    monkeypatch.setenv("NKCOURSE_DATA", str(target))
    return target


def test_loads_every_table_from_another_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in nkcourse.list_tables():
        table = nkcourse.load_table(name)
        assert type(table) is pd.DataFrame and len(table) > 0, name


def test_columns_are_typed_by_the_schema():
    treaties = nkcourse.load_table("treaties")
    assert pd.api.types.is_datetime64_any_dtype(treaties["signed"])
    assert isinstance(treaties["entry_into_force_status"].dtype, pd.CategoricalDtype)
    assert treaties["notice_months"].dtype == "Int64"
    # Missing stays missing: the PRC–DPRK treaty states no notice period; that must not read as 0.
    assert pd.isna(treaties.set_index("treaty_id").loc["prcdprk1961", "notice_months"])


def test_unknown_table_names_the_tables_there_are():
    with pytest.raises(CourseDataError, match="No table named 'claimz'.*claims"):
        nkcourse.load_table("claimz")


def test_missing_descriptor(data_copy):
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(CourseDataError, match="datapackage.json: the data package descriptor is missing"):
        nkcourse.load_table("claims")


def test_malformed_descriptor(data_copy):
    (data_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(CourseDataError, match="datapackage.json: not valid JSON"):
        nkcourse.list_tables()


def test_missing_data_file(data_copy):
    (data_copy / "claims.csv").unlink()
    with pytest.raises(CourseDataError, match=r"claims\.csv: file missing"):
        nkcourse.load_table("claims")


@pytest.mark.parametrize("file, old, new, message", [
    ("claims.csv", "stance", "position", r"claims\.csv: columns do not match.*missing: \['stance'\]"),
    ("treaties.csv", "1949-04-04", "4 April 1949", r"treaties\.csv: column 'signed' should hold date values"),
    ("claims.csv", ",qualified,", ",maybe,", r"column 'stance' has values outside its vocabulary.*'maybe'"),
], ids=["renamed column", "unparsable date", "value outside vocabulary"])
def test_file_that_does_not_match_its_schema(data_copy, file, old, new, message):
    path = data_copy / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CourseDataError, match=message):
        nkcourse.load_table(file.removesuffix(".csv"))


def test_empty_required_value_names_the_line(data_copy):
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "," + lines[2].split(",", 1)[1]  # blank the source_id on line 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseDataError, match=r"required column 'source_id' is empty on line\(s\) \[3\]"):
        nkcourse.load_table("sources")


def test_descriptor_lists_every_csv(data_copy):
    listed = {r["path"] for r in json.loads((data_copy / "datapackage.json").read_text())["resources"]}
    assert listed == {p.name for p in data_copy.glob("*.csv")}
