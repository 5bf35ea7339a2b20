"""Mutation testing of the modules whose tests run in seconds (issue 27): mutmut changes one thing
at a time in the code (a `<` into `<=`, a constant, a string, a dropped call) and runs the tests that
reach it; a mutant the tests still pass (it *survived*) is a change to the product no test notices.

The modules and their tests are set in pyproject.toml ([tool.mutmut]): the settings and configs,
the checkpoint format, the pictures reader, the words catalogue and the job board's queue. Run from
the repository root, after `pip install mutmut==3.8.1`:

    python bench/mutation.py             # mutmut run, then the table
    python bench/mutation.py --report    # the table of the last run only
    python bench/mutation.py --survivors # and every surviving mutant's name (`mutmut show NAME` shows it)

Prints, per module: mutants, killed (a test failed, or it timed out), survived, no test reached it,
and the share killed of those tests reached or not.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tomllib
from collections import Counter

from common import ROOT, machine

KILLED = {1, 3, 24, -24, 36, 152, 255, 37}  # mutmut's exit codes for a test failing, a timeout, a type check
SURVIVED = {0, 5, 33}  # the tests passed (0), or none reached the mutant (5, 33)
# mutmut runs against each function only the tests it once recorded calling it (in this file): a test
# written since would never run against older functions, so every run records them afresh
STATS = ROOT / "mutants" / "mutmut-stats.json"


def modules() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]["only_mutate"]


def _codes(module: str) -> dict[str, int | None]:
    """Each mutant's exit code from the last run (None: not run yet)."""
    meta = ROOT / "mutants" / f"{module}.meta"
    return json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}


def _outcome(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in SURVIVED:
        return "survived" if code == 0 else "no test"
    return "not run" if code is None else "other"


def outcomes(module: str) -> Counter:
    return Counter(_outcome(code) for code in _codes(module).values())


def survivors(module: str) -> list[str]:
    return sorted(name for name, code in _codes(module).items() if code in SURVIVED)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--report", action="store_true", help="only print the table of the last run")
    p.add_argument("--survivors", action="store_true", help="list the surviving mutants too")
    args = p.parse_args()
    spent = None
    if not args.report:
        start = time.perf_counter()
        STATS.unlink(missing_ok=True)
        run = subprocess.run([sys.executable, "-m", "mutmut", "run"], cwd=ROOT, capture_output=True, text=True)
        spent = time.perf_counter() - start
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
            sys.exit(run.returncode)
    print(f"# {machine()}" + (f"; mutmut run took {spent:.0f} s" if spent else ""))
    print(f"{'module':34} {'mutants':>7} {'killed':>6} {'survived':>8} {'no test':>7} {'killed %':>8}")
    for module in modules():
        seen = outcomes(module)
        total = sum(seen.values())
        share = f"{seen['killed'] / total:.0%}" if total else "—"
        print(f"{module:34} {total:7} {seen['killed']:6} {seen['survived']:8} {seen['no test']:7} {share:>8}")
        if args.survivors:
            for name in survivors(module):
                print(f"    {name}")


if __name__ == "__main__":
    main()
