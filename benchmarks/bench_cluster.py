"""The grading command on this machine's pool and on a Dask LocalCluster of 1, 2 and 4 workers, one synthetic class;
then a model, from the figures measured here, of grading 10,000 and 100,000 notebooks on a cluster of N cores.

Each run grades a fresh copy of the same class (benchmarks/bench_grading.py builds it) in this process, so that the
time the instructor's machine spends writing each notebook's grades (the one part that does not spread over a
cluster) is measured too. It prints figures; it does not fail on them.

    python3 tasks.py bench-cluster [--students 40] [--core-hour-price 0.05] [--cores 16,64,256,1024]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_grading import BIN, ENV, build_class  # noqa: E402
from nkcourse.grading.grader import Grader, default_workers  # noqa: E402
from tests.conftest import copy_course  # noqa: E402

ASSIGNMENT = "a0_five_readings"


def grade(course: Path, scheduler: str | None = None) -> tuple[float, float]:
    """(wall seconds, seconds the instructor's machine spent registering submissions and saving grades: the one
    writer's serial work) for grading `course` once."""
    writer = []
    grader = Grader(course, progress=False, scheduler=scheduler)

    def timed(method):
        def run(*args):
            start = time.perf_counter()
            try:
                return method(*args)
            finally:
                writer.append(time.perf_counter() - start)
        return run

    grader._register, grader._save = timed(grader._register), timed(grader._save)
    start = time.perf_counter()
    outcomes = grader.grade([ASSIGNMENT])
    wall = time.perf_counter() - start
    if any(o.retry for o in outcomes):
        print(f"  note: {sum(o.retry for o in outcomes)} submissions were left for another run", flush=True)
    return wall, sum(writer)


def on_cluster(course: Path, workers: int) -> tuple[float, float]:
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("nkcourse.grading.cluster"))  # long-lived workers have imported it already
        return grade(course, cluster.scheduler_address)


def model(per_notebook: float, efficiency: float, save: float, cores: list[int], price: float) -> None:
    """Time and cost of large classes: cluster-bound (notebooks x worker-seconds / cores / efficiency) or bound by the
    one writer (notebooks x its seconds per notebook), whichever is longer."""
    print(f"\nmodel: {per_notebook:.2f} worker-seconds per notebook (1 worker = 1 core), efficiency {efficiency:.2f} at "
          f"every size, {save:.3f} s per notebook of the one writer's work on the instructor's machine (measured "
          f"here, sharing the cores with the workers: an upper bound), {price:.3f} USD per core-hour")
    print(f"{'notebooks':>10} {'cores':>6} {'hours':>8} {'bound by':>9} {'cost':>9}")
    for notebooks in (10_000, 100_000):
        for count in cores:
            spread = notebooks * per_notebook / (count * efficiency)
            writer = notebooks * save
            hours = max(spread, writer) / 3600
            print(f"{notebooks:>10} {count:>6} {hours:>8.2f} {'cluster' if spread >= writer else 'writer':>9} "
                  f"{count * hours * price:>9.2f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--core-hour-price", type=float, default=0.05, help="what one core costs per hour (USD)")
    parser.add_argument("--cores", default="16,64,256,1024", help="cluster sizes for the model")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy warnings, which the grading command's workers silence too

    with tempfile.TemporaryDirectory(prefix="nkgrade-bench-") as tmp:
        base = copy_course(Path(tmp) / "base")
        subprocess.run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT, "--force"],
                       cwd=base, env=ENV, capture_output=True, check=True)
        _, notebooks = build_class(base, ASSIGNMENT, args.students)
        os.environ["PATH"] = ENV["PATH"]

        def fresh(name: str) -> Path:
            return Path(shutil.copytree(base, Path(tmp) / name))

        # The local pool forks: it runs before this process starts a cluster's threads.
        local = grade(fresh("local"))
        sizes = {workers: on_cluster(fresh(f"cluster{workers}"), workers) for workers in (1, 2, 4)}

    print(f"class: {args.students} students, {notebooks} notebooks of {ASSIGNMENT}; {os.cpu_count()} cores; "
          f"load average at the end {os.getloadavg()[0]:.2f}")
    print(f"{'':26} {'seconds':>8} {'nb/min':>8} {'efficiency':>11} {'writer s/nb':>12}")
    rows = [(f"local pool, {default_workers()} workers", local, None),
            *[(f"LocalCluster, {k} worker(s)", sizes[k], k) for k in sizes]]
    single = sizes[1][0]
    for name, (wall, save), workers in rows:
        efficiency = f"{single / (wall * workers):.2f}" if workers else ""  # throughput per worker against 1 worker's
        print(f"{name:26} {wall:8.1f} {notebooks / wall * 60:8.1f} {efficiency:>11} {save / notebooks:12.3f}")
    # The model takes the efficiency measured with one worker per core of this machine.
    here = max(k for k in sizes if k <= (os.cpu_count() or 1))
    model(single / notebooks, single / (sizes[here][0] * here), sizes[here][1] / notebooks,
          [int(c) for c in args.cores.split(",")], args.core_hour_price)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
