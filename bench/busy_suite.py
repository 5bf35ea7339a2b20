"""The whole test suite on a busy machine: a class server is never idle. (issue 13)

Starts --busy processes that keep a core each fully busy (a tight Python loop, lowest priority
not asked for: they compete as another user's work would), runs the README's test command's
pytest on this checkout beside them, then stops them. The busy processes end by themselves
after --limit seconds whatever happens. Prints the pytest summary, its time, and how much CPU
the busy processes got meanwhile.

    python bench/busy_suite.py [--busy 2] [--limit 2400] [-- PYTEST ARGS…]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from common import BUSY, ROOT, machine


def cpu_seconds(pid: int) -> float:
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 10 ms
    except OSError:
        return 0.0


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--busy", type=int, default=2, help="busy processes beside the suite (default 2)")
    p.add_argument("--limit", type=float, default=2400, help="the busy processes end after this many seconds")
    p.add_argument("--log", default="/tmp/busy_suite.log", help="where pytest's whole output goes")
    p.add_argument("pytest_args", nargs="*")
    args = p.parse_args()
    busy = [subprocess.Popen([sys.executable, "-c", BUSY.format(limit=args.limit)]) for _ in range(args.busy)]
    start = time.perf_counter()
    try:
        suite = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.pytest_args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        spent = time.perf_counter() - start
        used = [cpu_seconds(b.pid) for b in busy]
        for b in busy:
            b.kill()
            b.wait()
    Path(args.log).write_text(suite.stdout + suite.stderr)
    summary = [line for line in suite.stdout.splitlines() if " passed" in line or " failed" in line or "error" in line]
    failures = [line for line in suite.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    print(f"# {machine()}; {args.busy} busy processes beside the suite")
    print("\n".join(failures))
    print(f"pytest: {summary[-1] if summary else suite.stdout[-2000:]} (exit {suite.returncode}, {spent:.0f} s)")
    print("busy processes got " + ", ".join(f"{u / spent:.0%}" for u in used) + " of a core each meanwhile")
    sys.exit(suite.returncode)


if __name__ == "__main__":
    main()
