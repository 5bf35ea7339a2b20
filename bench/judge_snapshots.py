"""Which epoch of a long run to ship? Judge every snapshot `train --save-every` wrote.

For RUN.pt, reads RUN-epoch*.pt beside it and scores each one as `ship` will (the generator that
samples are drawn from, 5,000 samples, latent seed 0): Inception-style score, Fréchet distance,
mean confidence, the score if every digit were equally common (the gap to the real score is what
uneven digits cost: it tells a run short on confidence from one short on balance), the rarest and
commonest digit, and whether the issue's bar is met (score ≥ 8.5, every digit 5–15%). With
--follow it keeps waiting for new snapshots while the run trains.

    python -m explorer train --preset pac-mlp --epochs 1000 --save-every 50 --out runs/mlp.pt
    python bench/judge_snapshots.py runs/mlp.pt --follow
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from common import machine

from explorer.formats.checkpoint import CheckpointError
from explorer.gan import judge, latent
from explorer.gan.persistence import load_generator


def snapshots(run: Path) -> list[tuple[int, Path]]:
    found = []
    for path in run.parent.glob(f"{run.stem}-epoch*{run.suffix}"):
        match = re.fullmatch(rf"{re.escape(run.stem)}-epoch(\d+)", path.stem)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def score(path: Path, scorer: judge.DigitJudge, n: int, seed: int) -> str:
    G, ckpt = load_generator(path)  # a trainer checkpoint's "G" is the one samples are drawn from
    q = judge.evaluate(scorer, latent.sample(G, ckpt["config"].latent_dim, n, seed))
    shares = q.class_fractions
    lo, hi = min(shares), max(shares)
    bar = "yes" if q.inception_score >= 8.5 and q.coverage_ok else "-"
    return (
        f"{ckpt['epoch']:6d} {ckpt['step']:7d} {ckpt.get('extra', {}).get('train_seconds', 0):8.0f} "
        f"{q.inception_score:6.3f} {q.frechet_distance:7.1f} {q.mean_confidence:6.3f} {q.even_score:6.3f} "
        f"{lo:6.1%} ({shares.index(lo)}) {hi:6.1%} ({shares.index(hi)})  {bar}"
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("run", type=Path, help="the --out of the run; its snapshots are RUN-epochN.pt")
    p.add_argument("--samples", type=int, default=5000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--follow", action="store_true", help="keep judging new snapshots as they appear")
    args = p.parse_args()
    scorer = judge.load_judge()
    print(f"# {machine()}\n# {args.run}: every snapshot, {args.samples} samples, latent seed {args.seed}")
    print(
        f"{'epoch':>6} {'step':>7} {'train_s':>8} {'IS':>6} {'FD':>7} {'conf':>6} {'even':>6} {'rarest':>11} "
        f"{'commonest':>11}  bar"
    )
    done: set[int] = set()
    while True:
        for epoch, path in snapshots(args.run):
            if epoch in done:
                continue
            try:
                print(score(path, scorer, args.samples, args.seed), flush=True)
                done.add(epoch)
            except (CheckpointError, EOFError, RuntimeError) as error:  # still being written
                if not args.follow:
                    print(f"{epoch:6d} unreadable: {error}")
                    done.add(epoch)
        if not args.follow:
            break
        time.sleep(10)


if __name__ == "__main__":
    main()
