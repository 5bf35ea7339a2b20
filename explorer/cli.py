"""`python -m explorer …`: the command line over the core. Progress on stderr, results on stdout."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch

from explorer import classroom, paths
from explorer.data import datasets, pictures
from explorer.data.datasets import DIGIT_SHAPE
from explorer.device import describe, pick_device
from explorer.formats import checkpoint, web
from explorer.formats.images import grid_image
from explorer.gan import catalogue, config, judge, latent, persistence, presets, recording
from explorer.gan.epoch_view import EpochView
from explorer.gan.provenance import RunInfo, device_chain
from explorer.gan.trainer import Trainer, TrainingDiverged, train_for
from explorer.harmonic import curves
from explorer.harmonic.presets import DEFAULT_HARMONIC, HARMONIC_PRESETS
from explorer.settings import given, option
from explorer.style import cli as style_cli


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load_data(args, cfg: config.TrainConfig, device: torch.device) -> datasets.ImageData:
    last = [-1.0]

    def progress(fraction: float, message: str) -> None:
        if fraction - last[0] >= 0.1 or fraction >= 1.0:
            last[0] = fraction
            _say(f"  {message}: {fraction:.0%}")

    if cfg.dataset == "pictures":
        ds = pictures.read_pictures(args.pictures, cfg.image_size, on_progress=progress).to_image_data(device)
    else:
        ds = datasets.load_dataset(cfg.dataset, root=args.data_dir, device=device, on_progress=progress).resized(
            cfg.image_size
        )
    _say(ds.source)
    return ds


METRIC_LABELS = {"d_loss": "D", "g_loss": "G", "d_real": "D(x)", "d_fake": "D(G(z))", "recon": "recon", "kl": "KL"}


def _numbers(numbers: dict) -> str:
    """What a run shows after an epoch (explorer/gan/epoch_view.py), as a progress line: the means,
    the speed, and the judge's score and the samples' variety when they were measured."""
    parts = [f"{label} {numbers[k]:.3f}" for k, label in METRIC_LABELS.items() if k in numbers]
    if numbers["seconds"] > 0:
        parts.append(f"{numbers['images'] / numbers['seconds']:,.0f} img/s")
    if "quality" in numbers:
        parts.append(f"judge {numbers['quality']['inception_score']:.2f}")
    if "variety" in numbers:
        parts.append(f"variety {numbers['variety']:.2f}")
    return "  ".join(parts)


def cmd_train(args) -> int:
    cfg, name = _train_config(args)
    device = pick_device(args.device)
    ds = _load_data(args, cfg, device)
    trainer = Trainer(cfg, ds, device)
    earlier = _resume(trainer, args.resume, cfg) if args.resume else {}
    info = RunInfo.of(command=args.command_line, preset=name, device=describe(device), data=ds.source, earlier=earlier)
    _say(f"training preset {name} ({cfg.arch}) on {describe(device)}; {trainer.steps_per_epoch} steps per epoch")
    view, start = EpochView(trainer, ds), time.perf_counter()

    def report(s) -> None:
        numbers = view.numbers(s) if s.complete else s.to_dict()
        _say(f"epoch {s.epoch:4d}{'' if s.complete else ' (cut)'}  step {trainer.step_count:6d}  {_numbers(numbers)}")
        if args.save_every and s.complete and trainer.epoch % args.save_every == 0:
            # a snapshot beside --out: a long run loses nothing, and any epoch of it can be compared
            snap = args.out.with_name(f"{args.out.stem}-epoch{trainer.epoch}{args.out.suffix}")
            extra = info.ended(time.perf_counter() - start, "snapshot").to_dict() | {"snapshot_epoch": trainer.epoch}
            persistence.save_checkpoint(snap, trainer, extra=extra)

    outcome = "finished"
    try:
        train_for(trainer, epochs=args.epochs, seconds=args.time_budget, on_epoch=report)
    except TrainingDiverged as error:
        outcome = "diverged"
        _say(str(error))
    except KeyboardInterrupt:
        outcome = "interrupted"
        _say("interrupted: saving what was learned so far")
    extra = info.ended(time.perf_counter() - start, outcome).to_dict()
    path = persistence.save_checkpoint(args.out, trainer, extra=extra)
    _say(f"saved {path}")
    print(json.dumps({"checkpoint": str(path), "epochs": trainer.epoch, "steps": trainer.step_count, **extra}))
    return 0 if outcome == "finished" else 1


def _train_config(args) -> tuple[config.TrainConfig, str]:
    """The config `train` trains with, and its preset's name: the preset (or a resumed run's own
    settings), --set's changes, and the data asked for."""
    name = args.preset or presets.DEFAULT_PRESET
    cfg = presets.preset(name)
    if args.resume and not args.preset:  # a resumed run goes on with its own settings; --set changes some
        saved = persistence.load_checkpoint(args.resume)
        cfg, name = saved["config"], saved.get("extra", {}).get("preset", name)
    if args.pictures and args.dataset not in (None, "pictures"):
        raise ValueError(f"--pictures trains on your pictures; leave out --dataset {args.dataset}")
    dataset = "pictures" if args.pictures else args.dataset or cfg.dataset
    if dataset == "pictures" and not args.pictures:
        raise ValueError("--dataset pictures needs --pictures ZIP_OR_FOLDER")
    changes = config.parse_overrides(args.set) | given(args, config.TrainConfig, ("seed", "precision"))
    return cfg.replace(**changes).for_data(dataset, args.image_size), name


def _resume(trainer: Trainer, path: Path, cfg: config.TrainConfig) -> dict:
    """Load a trainer checkpoint into `trainer`; its "extra" (how the run was made so far)."""
    earlier = persistence.restore_trainer(trainer, path).get("extra", {})
    trainer.retune(**cfg.learning_rates())  # the optimisers' saved state carried the old rates
    _say(f"resumed from {path} at epoch {trainer.epoch}, step {trainer.step_count}")
    return earlier


def cmd_record(args) -> int:
    """A lesson recipe trained to its end on the 5,000 offline digits, kept as a recording the Train
    page plays back (explorer/gan/recording.py)."""
    cfg = presets.preset(args.preset)
    if args.epochs:
        cfg = cfg.replace(epochs=args.epochs)
    device = pick_device(args.device)
    ds = datasets.load_dataset(datasets.OFFLINE_MNIST, device=device)
    _say(f"recording preset {args.preset} ({cfg.epochs} epochs) on {describe(device)}")

    info = RunInfo.of(command=args.command_line, preset=args.preset, device=describe(device), data=ds.source)
    meta = {k: v for k, v in info.to_dict().items() if k in ("command", "device", "data", "data_ru")}
    rec = recording.record(
        cfg,
        ds,
        preset=args.preset,
        keep=args.keep,
        on_epoch=lambda numbers: _say(f"epoch {numbers['epoch']:4d}  {_numbers(numbers)}"),
        device=device,
        meta=meta,
    )
    out = args.out or recording.FOLDER / f"{args.preset}.zip"
    path = rec.save(out)
    final = rec.epochs[-1].get("quality", {}) if rec.epochs else {}
    summary = {
        "recording": str(path),
        "megabytes": round(path.stat().st_size / 1e6, 2),
        "epochs": rec.last_epoch,
        "grids": len(rec.grids),
        "kept": list(rec.networks),
        "train_seconds": rec.info["train_seconds"],
        "outcome": rec.info["outcome"],
        "inception_score": final.get("inception_score"),
    }
    _say(f"wrote {path} ({summary['megabytes']} MB)")
    print(json.dumps(summary))
    return 0 if rec.info["outcome"] == "finished" else 1


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
    _say(f"wrote {args.n} samples {tuple(images.shape)} to {args.out}")
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
        **({"name_ru": args.name_ru} if args.name_ru else {}),
        "train_command": extra.get("command", ""),
        "ship_command": args.command_line,
        "preset": extra.get("preset", ""),
        "seed": cfg.seed,
        "data": extra.get("data", ""),
        **({"data_ru": extra["data_ru"]} if extra.get("data_ru") else {}),
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
    _say(
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
        _say(f"{meta['name']}: {_write_web_graph(path, G, ckpt['config'].latent_dim)}")
    graph = web.write_graph(web.committed_graph(judge.JUDGE_PATH), web.judge_bytes(judge.load_judge()))
    _say(f"the judge: {graph}")
    return 0


def cmd_train_judge(args) -> int:
    ds = datasets.load_dataset("mnist", root=args.data_dir)
    _say(ds.source)
    start = time.perf_counter()
    model = judge.train_judge(
        ds.images,
        ds.labels,
        epochs=args.epochs,
        seed=args.seed,
        on_epoch=lambda e, loss: _say(f"epoch {e:3d}  loss {loss:.4f}"),
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


def cmd_harmonic(args) -> int:
    """The harmonic GAN (docs/lessons.md, row 4): train on points of a curve, write generated points."""
    if not 1 <= args.n <= 1_000_000:
        raise ValueError("--n must be between 1 and 1,000,000")
    cfg = HARMONIC_PRESETS[args.preset].config.replace(**config.parse_overrides(args.set))
    if args.seed is not None:
        cfg = cfg.replace(seed=args.seed)
    curve = curves.Curve(**given(args, curves.Curve))
    trainer = Trainer(cfg, curves.dataset(curve, args.points, seed=cfg.seed), device="cpu")
    _say(f"training {args.preset} on {curves.describe(curve)}")
    probe = torch.randn(10_000, cfg.latent_dim, generator=torch.Generator().manual_seed(cfg.seed + 7))
    every = max(1, (args.epochs or cfg.epochs) // 10) if args.time_budget is None else None
    last = [time.perf_counter()]

    def report(s) -> None:
        if (every and s.epoch % every == 0) or (every is None and time.perf_counter() - last[0] >= 1.0):
            last[0] = time.perf_counter()
            fit = curves.measure(curve, trainer.sample(probe))
            _say(
                f"epoch {s.epoch:5d}  D {s.means['d_loss']:.3f}  G {s.means['g_loss']:.3f}  "
                f"distance {fit.distance:.3f}  "
                f"within 0.1: {fit.within:.0%}  coverage {fit.coverage:.3f}  JS {fit.js:.3f}"
            )

    outcome = "finished"
    try:
        seconds = train_for(trainer, epochs=args.epochs, seconds=args.time_budget, on_epoch=report)
    except TrainingDiverged as error:
        outcome, seconds = "diverged", 0.0
        _say(str(error))
    rng = torch.Generator().manual_seed(cfg.seed + 11)
    points = trainer.sample(torch.randn(args.n, cfg.latent_dim, generator=rng)).numpy().astype(np.float32)
    fit = curves.measure(curve, torch.from_numpy(points))
    try:
        np.save(args.out, points)
    except OSError as error:
        raise ValueError(f"could not write {args.out}: {error.strerror or error}") from error
    _say(f"wrote {args.n} points {points.shape} to {args.out}")
    print(
        json.dumps(
            {
                "points": str(args.out),
                "epochs": trainer.epoch,
                "steps": trainer.step_count,
                "train_seconds": round(seconds, 2),
                "curve": curve.to_dict(),
                "preset": args.preset,
                "outcome": outcome,
                **fit.to_dict(),
            }
        )
    )
    return 0 if outcome == "finished" else 1


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one `error:` line (and exit 2), as every other error here is."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m explorer", description="GAN Explorer: train and inspect the GANs of the lessons.")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train a GAN and write a checkpoint")
    t.add_argument(
        "--preset",
        choices=list(presets.PRESETS),
        help=f"default: {presets.DEFAULT_PRESET}, the fastest to readable digits",
    )
    t.add_argument("--dataset", choices=config.IMAGE_DATASETS)  # points on a curve: `harmonic`
    t.add_argument(
        "--pictures", type=Path, metavar="ZIP_OR_FOLDER", help="train on your own pictures (a convolutional preset)"
    )
    t.add_argument(
        "--image-size", type=int, choices=pictures.SIZES, default=64, help="size of your pictures (default 64)"
    )
    budget = t.add_mutually_exclusive_group()
    budget.add_argument("--epochs", type=_positive_int)
    budget.add_argument("--time-budget", type=_positive_float, metavar="SECONDS")
    option(t, config.TrainConfig, "seed")
    option(t, config.TrainConfig, "precision", choices=config.PRECISIONS)
    t.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a setting of the preset, e.g. --set ema=0.999 --set lr_d=1e-4",
    )
    t.add_argument("--device", default="auto")
    t.add_argument("--data-dir", type=Path, default=datasets.DEFAULT_ROOT)
    t.add_argument("--resume", type=Path, help="continue from a trainer checkpoint")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument(
        "--save-every",
        type=_positive_int,
        metavar="EPOCHS",
        help="also write a snapshot OUT-epochN.pt every this many epochs",
    )
    t.set_defaults(func=cmd_train)

    r = sub.add_parser(
        "record",
        help="train a lesson recipe to its end on the 5,000 offline digits and write the "
        "recording the Train page plays back (checkpoints/recordings/PRESET.zip)",
    )
    r.add_argument("--preset", choices=list(presets.PRESETS), required=True)
    r.add_argument("--epochs", type=_positive_int, help="default: the recipe's")
    r.add_argument(
        "--keep",
        type=_epoch_list,
        metavar="E1,E2",
        help="epochs whose networks are kept to continue from (default: an eighth of the way and half way)",
    )
    r.add_argument("--device", default="auto")
    r.add_argument("--out", type=Path)
    r.set_defaults(func=cmd_record)

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
    h.add_argument("--name-ru", help="the same title in Russian, for the app in Russian (default: --name)")
    h.add_argument("--n", type=_positive_int, default=5000, help="samples the judge scores")
    h.add_argument("--seed", type=int, default=0)
    h.add_argument("--judge", type=Path, default=judge.JUDGE_PATH)
    h.set_defaults(func=cmd_ship)

    w = sub.add_parser(
        "export-web",
        help="write the ONNX graphs the Latent page runs in the browser "
        "(every generator in checkpoints/ and the judge)",
    )
    w.set_defaults(func=cmd_export_web)

    c = sub.add_parser(
        "classroom",
        help="serve the app to a class on the local network (teacher mode, XSRF on, "
        "error details hidden, smaller uploads): prints the address, a QR code "
        "and the teacher's password",
    )
    c.add_argument("--port", type=_port, default=8501)
    c.add_argument("--upload-mb", type=_positive_int, default=50, help="the largest upload a student may send (MB)")
    c.set_defaults(func=lambda args: classroom.serve(args.port, args.upload_mb))

    j = sub.add_parser("train-judge", help="train the digit judge shipped in checkpoints/")
    j.add_argument("--epochs", type=_positive_int, default=30)
    j.add_argument("--seed", type=int, default=0)
    j.add_argument("--data-dir", type=Path, default=datasets.DEFAULT_ROOT)
    j.add_argument("--test-idx", type=Path, help="a folder with the MNIST test IDX files, to report accuracy")
    j.add_argument("--out", type=Path, default=judge.JUDGE_PATH)
    j.set_defaults(func=cmd_train_judge)

    h = sub.add_parser("harmonic", help="train the sine-curve GAN and write generated points [N, 2] to a .npy file")
    h.add_argument(
        "--preset",
        choices=list(HARMONIC_PRESETS),
        default=DEFAULT_HARMONIC,
        help=f"default: {DEFAULT_HARMONIC}; sine-slides is the slides' recipe as written",
    )
    budget = h.add_mutually_exclusive_group()
    budget.add_argument("--epochs", type=_positive_int)
    budget.add_argument("--time-budget", type=_positive_float, metavar="SECONDS")
    h.add_argument("--seed", type=int)
    h.add_argument("--n", type=int, default=1000, help="generated points to write (default 1,000)")
    h.add_argument("--points", type=_positive_int, default=1024, help="real points to train on (default 1,024)")
    option(h, curves.Curve, "kind", flag="--curve", choices=curves.KINDS)
    for name in ("amplitude", "frequency", "phase", "noise"):
        option(h, curves.Curve, name)
    option(h, curves.Curve, "harmonics", type=float, nargs="*", metavar="A")
    h.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override one setting of the preset")
    h.add_argument("--out", type=Path, required=True)
    h.set_defaults(func=cmd_harmonic)
    style_cli.add_commands(sub, _positive_int, _positive_float)
    return p


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _epoch_list(text: str) -> tuple[int, ...]:
    return tuple(_positive_int(part.strip()) for part in text.split(","))


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("must be a port number, 1 to 65535")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    args.command_line = "python -m explorer " + shlex.join(argv)  # recorded in what it writes
    try:
        return args.func(args)
    except (
        ValueError,
        datasets.DatasetUnavailable,
        checkpoint.CheckpointError,
        web.WebExportError,
        recording.RecordingError,
    ) as error:
        _say(f"error: {error}")
        return 2
    except OSError as error:  # a file that cannot be read or written: a full disk, a missing folder
        where = f" ({error.filename})" if error.filename else ""
        _say(f"error: {error.strerror or error}{where}")
        return 2
