"""The shipped generators read by a digit reader that never saw their training digits. (issue 26)

The app's judge (checkpoints/judge.pt) learnt from the 5,000 offline digits the generators learn
from, so it is optimistic about them. This reader has the judge's architecture but learns from
8,000 of the real MNIST test digits (../shared/data/mnist, which the product never reads) and is
checked on the other 2,000. It then reads --n samples of every generator shipped in checkpoints/
(latent seed 0, as `ship` scores them) and prints the Inception-style score (10 = every sample
read with certainty, every digit as common), the mean confidence and the rarest and commonest
digit; the app's own judge beside it.

    python bench/independent_reader.py [--epochs 10] [--n 5000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from common import ROOT, machine

from explorer import paths
from explorer.data import datasets
from explorer.gan import catalogue, judge, latent
from explorer.gan.persistence import load_generator

MNIST = ROOT.parent / "shared" / "data" / "mnist"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--n", type=int, default=5000)
    args = p.parse_args()
    images = datasets.to_unit_range(datasets.read_idx(MNIST / "t10k-images-idx3-ubyte.gz"))
    labels = torch.from_numpy(datasets.read_idx(MNIST / "t10k-labels-idx1-ubyte.gz").astype(np.int64))
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))
    learn, check = order[:8000], order[8000:]
    start = time.perf_counter()
    reader = judge.train_judge(images[learn], labels[learn], epochs=args.epochs, seed=1)
    with torch.no_grad():
        accuracy = float((reader(images[check]).argmax(1) == labels[check]).float().mean())
    print(f"# {machine()}")
    print(
        f"# the reader: {args.epochs} epochs on 8,000 MNIST test digits in {time.perf_counter() - start:.0f} s; "
        f"{accuracy:.1%} right on the other 2,000"
    )
    own = judge.load_judge()
    print(f"{'generator':34s} {'reader':>7s} {'app judge':>9s} {'confidence':>10s}  rarest / commonest digit")
    for path, meta in catalogue.shipped_generators(paths.CHECKPOINTS):
        G, ckpt = load_generator(path)
        samples = latent.sample(G, ckpt["config"].latent_dim, args.n, 0)
        q, mine = judge.evaluate(reader, samples), judge.evaluate(own, samples)
        shares = q.class_fractions
        print(
            f"{meta['name']:34s} {q.inception_score:7.2f} {mine.inception_score:9.2f} {q.mean_confidence:10.2f}  "
            f"{min(shares):.1%} / {max(shares):.1%}"
        )


if __name__ == "__main__":
    main()
