"""Where a server's time went: py-spy's raw samples (bench/class_load.py --profile) summed by the
innermost frame of the app's own code (explorer/, pages/) and, for the rest, by the outermost
library frame a thread was in. Prints the top --top rows as a share of all samples.

    python bench/profile_summary.py server.txt [--top 25]
"""

from __future__ import annotations

import argparse
from collections import Counter


def where(stack: str) -> str:
    frames = stack.split(";")
    ours = [f for f in frames if "(explorer/" in f or "(pages/" in f or "/explorer/" in f or "/pages/" in f]
    if ours:
        outer, inner = ours[0], ours[-1]
        return f"app: {outer.split(' (')[0]} → {inner.split(' (')[0]} ({inner.split('/')[-1]}"
    idle = ("wait", "select", "poll", "sleep", "epoll", "_worker", "acquire")
    if any(word in frames[-1] for word in idle):
        return "waiting"
    return "streamlit/other: " + frames[-1].split(" (")[0] + " (" + frames[-1].split("/")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("samples")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    for line in open(args.samples):
        stack, _, n = line.rstrip().rpartition(" ")
        if stack:
            counts[where(stack)] += int(n)
    busy = sum(n for k, n in counts.items() if k != "waiting")
    print(f"{busy} busy samples ({counts['waiting']} waiting)")
    for name, n in counts.most_common(args.top + 1):
        if name != "waiting":
            print(f"{100 * n / busy:5.1f}%  {name}")


if __name__ == "__main__":
    main()
