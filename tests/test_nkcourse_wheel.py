"""An installed (non-editable) helper package carries the data, as on a JupyterHub image."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_bundles_the_data_package_and_loads_it_with_no_checkout(tmp_path):
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(tmp_path)], check=True)
    wheel = next(tmp_path.glob("nkcourse-*.whl"))
    bundled = {Path(name).name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("nkcourse/data/")}
    assert {p.name for p in (ROOT / "data").glob("*.csv")} | {"datapackage.json"} <= bundled

    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    probe = "import nkcourse; print(nkcourse.data_dir()); print(len(nkcourse.load_table('treaties')))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(site), "PATH": ""}, check=True)
    data_dir, rows = result.stdout.split()
    assert Path(data_dir).is_relative_to(site) and int(rows) == 8
