"""`sample`, `score`, `ship`, `export-web` and `train-judge`: what is done with trained networks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch

from explorer import paths
from explorer.cli.args import positive_int, say
from explorer.data import datasets
from explorer.data.datasets import DIGIT_SHAPE
from explorer.formats import web
from explorer.formats.images import grid_image
from explorer.gan import catalogue, judge, latent, persistence
from explorer.gan.provenance import device_chain


def add_commands(sub) -> None:
    s = sub.add_parser("sample", help="write generated images to a .npy file")
    s.add_argument("--checkpoint", type=Path, required=True)
    s.add_argument("--n", type=int, default=64)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument(
        "--out",
        type=Path,
        required=True,
        help="FILE.npy: the samples as numbers in [0, 1] (for score); FILE.png: one picture of them",
    )
    s.set_defaults(func=cmd_sample)

    q = sub.add_parser("score", help="judge generated digits: Inception-style score, Fréchet distance, class shares")
    q.add_argument("--samples", type=Path, required=True)
    q.add_argument("--judge", type=Path, default=judge.JUDGE_PATH)
    q.set_defaults(func=cmd_score)

    h = sub.add_parser("ship", help="turn a trained checkpoint into a small generator file with its judge scores")
    h.add_argument("--checkpoint", type=Path, required=True)
    h.add_argument("--out", type=Path, required=True)
    h.add_argument("--name", help="the title the Latent space page shows (default: the file name)")
    h.add_argument("--n", type=positive_int, default=5000, help="samples the judge scores")
    h.add_argument("--seed", type=int, default=0)
    h.add_argument("--judge", type=Path, default=judge.JUDGE_PATH)
    h.set_defaults(func=cmd_ship)

    w = sub.add_parser(
        "export-web",
        help="write the ONNX graphs the Latent page runs in the browser "
        "(every generator in checkpoints/ and the judge)",
    )
    w.set_defaults(func=cmd_export_web)

    j = sub.add_parser("train-judge", help="train the digit judge shipped in checkpoints/")
    j.add_argument("--epochs", type=positive_int, default=30)
    j.add_argument("--seed", type=int, default=0)
    j.add_argument("--data-dir", type=Path, default=datasets.DEFAULT_ROOT)
    j.add_argument("--test-idx", type=Path, help="a folder with the MNIST test IDX files, to report accuracy")
    j.add_argument("--out", type=Path, default=judge.JUDGE_PATH)
    j.set_defaults(func=cmd_train_judge)


def cmd_sample(args) -> int:
    if args.n < 1:
        raise ValueError("--n must be at least 1")
    G, ckpt = persistence.load_generator(args.checkpoint)
    images = latent.sample(G, ckpt["config"].latent_dim, args.n, args.seed)
    if Path(args.out).suffix.lower() == ".png":  # a picture to look at: the samples as one grid
        grid_image(images).save(args.out)
    else:  # numbers for `score`, [N, C, H, W] in [0, 1], under the name asked for (np.save would append .npy)
        with open(args.out, "wb") as f:
            np.save(f, ((images + 1) / 2).clamp(0, 1).numpy().astype(np.float32))
    say(f"wrote {args.n} samples {tuple(images.shape)} to {args.out}")
    print(json.dumps({"samples": str(args.out), "shape": list(images.shape)}))
    return 0


def load_samples(path: Path) -> torch.Tensor:
    """A .npy of images in [0, 1] ([N, 1, 28, 28], [N, 28, 28] or [N, 784]) as [-1, 1] [N, 1, 28, 28]."""
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a readable .npy file: {error}") from error
    if arr.ndim == 2 and arr.shape[1] == 784 or arr.ndim == 3:
        arr = arr.reshape(-1, *DIGIT_SHAPE)
    if arr.ndim != 4 or arr.shape[1:] != DIGIT_SHAPE:
        raise ValueError(f"{path} holds an array of shape {arr.shape}; the judge scores [N, 1, 28, 28] digits")
    return torch.from_numpy(arr.astype(np.float32)) * 2 - 1


def cmd_score(args) -> int:
    quality = judge.evaluate(judge.load_judge(args.judge), load_samples(args.samples))
    print(json.dumps(quality.to_dict()))
    return 0


def cmd_ship(args) -> int:
    """A trained checkpoint → a small fp16 generator file for checkpoints/ and, beside it, a JSON
    of how it was made and what the judge thinks of it (measured on the fp16 file itself)."""
    ckpt = persistence.load_checkpoint(args.checkpoint)
    extra = dict(ckpt.get("extra", {}))
    path = persistence.save_generator(args.out, ckpt, extra=extra)
    G, shipped = persistence.load_generator(path)
    cfg = shipped["config"]
    images = latent.sample(G, cfg.latent_dim, args.n, args.seed)
    meta = {
        "name": args.name or Path(args.out).stem,
        "train_command": extra.get("command", ""),
        "ship_command": args.command_line,
        "preset": extra.get("preset", ""),
        "seed": cfg.seed,
        "data": extra.get("data", ""),
        **({"data_said": extra["data_said"]} if extra.get("data_said") else {}),
        "train_seconds": extra.get("train_seconds"),
        "device": device_chain(extra.get("device", "")),
        "epochs": int(shipped["epoch"]),
        "steps": int(shipped["step"]),
        "arch": cfg.arch,
        "latent_dim": cfg.latent_dim,
        "weights": "fp16",
    }
    if "snapshot_epoch" in extra:  # a --save-every snapshot of train_command's run, taken at this epoch
        meta["snapshot_epoch"] = extra["snapshot_epoch"]
    if cfg.dataset == "mnist" and cfg.image_shape == DIGIT_SHAPE:
        meta["judge"] = judge.evaluate(judge.load_judge(args.judge), images).to_dict() | {
            "samples": args.n,
            "sample_seed": args.seed,
        }
    persistence.save_generator(path, shipped, half=False, extra=extra | {"shipped": meta})  # already fp16
    Path(path).with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n")
    graph = _write_web_graph(path, G, cfg.latent_dim)
    say(
        f"wrote {path} ({Path(path).stat().st_size / 1e6:.1f} MB), {Path(path).with_suffix('.json').name} "
        f"and {graph} (for the browser)"
    )
    print(json.dumps(meta))
    return 0


def _write_web_graph(weights: Path, G, latent_dim: int) -> Path:
    """The generator as an ONNX graph for the Latent page's browser side: a generator shipped in the
    app's checkpoints/ gets it where Streamlit serves it (explorer/static/models/), any other beside its .pt."""
    inside = Path(weights).resolve().parent == paths.CHECKPOINTS.resolve()
    graph = web.committed_graph(weights) if inside else Path(weights).with_suffix(web.SUFFIX)
    return web.write_graph(graph, web.generator_bytes(G, latent_dim))


def cmd_export_web(args) -> int:
    """(Re)write the browser's graphs of every generator shipped in checkpoints/ and of the judge."""
    for path, meta in catalogue.shipped_generators(paths.CHECKPOINTS):
        G, ckpt = persistence.load_generator(path)
        say(f"{meta['name']}: {_write_web_graph(path, G, ckpt['config'].latent_dim)}")
    graph = web.write_graph(web.committed_graph(judge.JUDGE_PATH), web.judge_bytes(judge.load_judge()))
    say(f"the judge: {graph}")
    return 0


def cmd_train_judge(args) -> int:
    ds = datasets.load_dataset("mnist", root=args.data_dir)
    say(ds.source)
    start = time.perf_counter()
    model = judge.train_judge(
        ds.images,
        ds.labels,
        epochs=args.epochs,
        seed=args.seed,
        on_epoch=lambda e, loss: say(f"epoch {e:3d}  loss {loss:.4f}"),
    )
    meta = {
        "command": args.command_line,
        "data": str(ds.source),
        "epochs": args.epochs,
        "seed": args.seed,
        "train_seconds": round(time.perf_counter() - start, 1),
    }
    if args.test_idx:  # held-out accuracy, reported but never trained on
        images = datasets.to_unit_range(datasets.read_idx(Path(args.test_idx) / "t10k-images-idx3-ubyte.gz"))
        labels = torch.from_numpy(datasets.read_idx(Path(args.test_idx) / "t10k-labels-idx1-ubyte.gz").astype(np.int64))
        with torch.no_grad():
            pred = torch.cat([model(images[i : i + 1000]).argmax(1) for i in range(0, len(images), 1000)])
        meta["mnist_test_accuracy"] = round(float((pred == labels).double().mean()), 4)
        meta["mnist_test_quality"] = judge.evaluate(model, images).to_dict()
    path = judge.save_judge(model, args.out, meta)
    if Path(path).resolve() == judge.JUDGE_PATH.resolve():  # the app's judge: the browser's copy too
        web.write_graph(web.committed_graph(path), web.judge_bytes(model))
    print(json.dumps({"judge": str(path), **meta}))
    return 0
