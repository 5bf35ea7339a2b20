"""`train` and `record`: a GAN or the VAE trained to a checkpoint, or a lesson recipe to a recording."""

from __future__ import annotations

import json
import time
from pathlib import Path

import torch

from explorer.cli.args import epoch_list, positive_float, positive_int, say
from explorer.data import datasets, pictures
from explorer.device import describe, pick_device
from explorer.gan import config, persistence, presets, recording
from explorer.gan.epoch_view import EpochView
from explorer.gan.provenance import RunInfo
from explorer.gan.trainer import Trainer, TrainingDiverged, train_for
from explorer.settings import given, option


def add_commands(sub) -> None:
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
    budget.add_argument("--epochs", type=positive_int)
    budget.add_argument("--time-budget", type=positive_float, metavar="SECONDS")
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
        type=positive_int,
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
    r.add_argument("--epochs", type=positive_int, help="default: the recipe's")
    r.add_argument(
        "--keep",
        type=epoch_list,
        metavar="E1,E2",
        help="epochs whose networks are kept to continue from (default: an eighth of the way and half way)",
    )
    r.add_argument("--device", default="auto")
    r.add_argument("--out", type=Path)
    r.set_defaults(func=cmd_record)


def _load_data(args, cfg: config.TrainConfig, device: torch.device) -> datasets.ImageData:
    last = [-1.0]

    def progress(fraction: float, message: str) -> None:
        if fraction - last[0] >= 0.1 or fraction >= 1.0:
            last[0] = fraction
            say(f"  {message}: {fraction:.0%}")

    if cfg.dataset == "pictures":
        ds = pictures.read_pictures(args.pictures, cfg.image_size, on_progress=progress).to_image_data(device)
    else:
        ds = datasets.load_dataset(cfg.dataset, root=args.data_dir, device=device, on_progress=progress).resized(
            cfg.image_size
        )
    say(ds.source)
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
    say(f"training preset {name} ({cfg.arch}) on {describe(device)}; {trainer.steps_per_epoch} steps per epoch")
    view, start = EpochView(trainer, ds), time.perf_counter()

    def report(s) -> None:
        numbers = view.numbers(s) if s.complete else s.to_dict()
        say(f"epoch {s.epoch:4d}{'' if s.complete else ' (cut)'}  step {trainer.step_count:6d}  {_numbers(numbers)}")
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
        say(str(error))
    except KeyboardInterrupt:
        outcome = "interrupted"
        say("interrupted: saving what was learned so far")
    extra = info.ended(time.perf_counter() - start, outcome).to_dict()
    path = persistence.save_checkpoint(args.out, trainer, extra=extra)
    say(f"saved {path}")
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
    say(f"resumed from {path} at epoch {trainer.epoch}, step {trainer.step_count}")
    return earlier


def cmd_record(args) -> int:
    """A lesson recipe trained to its end on the 5,000 offline digits, kept as a recording the Train
    page plays back (explorer/gan/recording.py)."""
    cfg = presets.preset(args.preset)
    if args.epochs:
        cfg = cfg.replace(epochs=args.epochs)
    device = pick_device(args.device)
    ds = datasets.load_dataset(datasets.OFFLINE_MNIST, device=device)
    say(f"recording preset {args.preset} ({cfg.epochs} epochs) on {describe(device)}")

    info = RunInfo.of(command=args.command_line, preset=args.preset, device=describe(device), data=ds.source)
    meta = {k: v for k, v in info.to_dict().items() if k in ("command", "device", "data", "data_said")}
    rec = recording.record(
        cfg,
        ds,
        preset=args.preset,
        keep=args.keep,
        on_epoch=lambda numbers: say(f"epoch {numbers['epoch']:4d}  {_numbers(numbers)}"),
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
    say(f"wrote {path} ({summary['megabytes']} MB)")
    print(json.dumps(summary))
    return 0 if rec.info["outcome"] == "finished" else 1
