"""The command line end to end, on the offline digits and a few steps."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from explorer.cli import main
from explorer.data import datasets
from explorer.gan import judge
from explorer.gan.provenance import device_chain

ROOT = Path(__file__).resolve().parent.parent


def test_train_sample_score(tmp_path, capsys):
    ckpt = tmp_path / "run.pt"
    assert (
        main(
            [
                "train",
                "--preset",
                "bn-mlp",
                "--time-budget",
                "2",
                "--data-dir",
                str(tmp_path / "data"),
                "--device",
                "cpu",
                "--out",
                str(ckpt),
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert result["checkpoint"] == str(ckpt) and result["steps"] > 0 and result["outcome"] == "finished"
    assert "5,000 real MNIST digits" in err and "epoch" in err  # progress and the offline notice on stderr

    samples = tmp_path / "s.npy"
    assert main(["sample", "--checkpoint", str(ckpt), "--n", "300", "--seed", "1", "--out", str(samples)]) == 0
    capsys.readouterr()
    arr = np.load(samples)
    assert arr.shape == (300, 1, 28, 28) and arr.dtype == np.float32
    assert arr.min() >= 0 and arr.max() <= 1

    assert main(["score", "--samples", str(samples)]) == 0
    scores = json.loads(capsys.readouterr().out)  # the judge's verdict on exactly these samples
    assert scores == judge.evaluate(judge.load_judge(), torch.from_numpy(arr) * 2 - 1).to_dict()

    picture, numbers = tmp_path / "grid.png", tmp_path / "samples.bin"  # a picture; numbers under any name
    assert main(["sample", "--checkpoint", str(ckpt), "--n", "16", "--out", str(picture)]) == 0
    assert main(["sample", "--checkpoint", str(ckpt), "--n", "16", "--out", str(numbers)]) == 0
    assert Image.open(picture).size == (4 * (4 * 30 + 2),) * 2  # 4×4 digits of 28 px, 2 px apart, 4× up
    assert np.load(numbers).shape == (16, 1, 28, 28) and not (tmp_path / "samples.bin.npy").exists()


def test_score_reads_real_digits_high_and_one_repeated_digit_as_one(tmp_path, capsys):
    """`explorer score` on pictures whose verdict is known: the 5,000 offline real digits (500 of
    each) in every layout it takes, and one of them 300 times."""
    digits = (datasets.load_dataset("mnist", download=False).images.numpy() + 1) / 2  # [N, 1, 28, 28] in [0, 1]
    for name, arr in (("real.npy", digits), ("flat.npy", digits.reshape(-1, 784)), ("square.npy", digits[:, 0])):
        np.save(tmp_path / name, arr)
        assert main(["score", "--samples", str(tmp_path / name)]) == 0
        real = json.loads(capsys.readouterr().out)
        assert real["inception_score"] > 9 and all(0.09 <= f <= 0.11 for f in real["class_fractions"]), real
    np.save(tmp_path / "one.npy", np.repeat(digits[:1], 300, axis=0))
    assert main(["score", "--samples", str(tmp_path / "one.npy")]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["inception_score"] == pytest.approx(1.0, abs=1e-3) and max(one["class_fractions"]) == 1.0


def test_resume_continues_from_the_checkpoint(tmp_path, capsys):
    ckpt = tmp_path / "run.pt"
    args = ["train", "--preset", "keras-mlp", "--epochs", "1", "--data-dir", str(tmp_path), "--device", "cpu"]
    assert main(args + ["--out", str(ckpt)]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args + ["--resume", str(ckpt), "--out", str(tmp_path / "more.pt")]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (first["epochs"], second["epochs"]) == (1, 2) and second["steps"] == 2 * first["steps"]
    # the whole history: both commands, both runs' seconds
    assert second["command"].endswith(
        f"--out {ckpt} && python -m explorer {' '.join(args)} --resume {ckpt} --out {tmp_path / 'more.pt'}"
    )
    assert second["train_seconds"] > first["train_seconds"]
    assert second["device"] == first["device"]  # resumed where it ran: no "CPU, then CPU"
    assert main(args + ["--resume", str(tmp_path / "more.pt"), "--out", str(tmp_path / "third.pt")]) == 0
    assert json.loads(capsys.readouterr().out)["device"] == first["device"]


def test_resuming_from_another_model_or_a_file_that_cannot_resume_is_one_sentence(tmp_path, capsys):
    from explorer import paths

    ckpt, out = tmp_path / "run.pt", tmp_path / "more.pt"
    args = ["train", "--epochs", "1", "--data-dir", str(tmp_path), "--device", "cpu"]
    assert main(args + ["--preset", "keras-mlp", "--out", str(ckpt)]) == 0
    capsys.readouterr()
    for preset, resume, said in (
        ("dcgan", ckpt, "run.pt: this state is for a different model (mlp, latent 100, 1×28×28)"),  # another recipe
        ("fast", paths.CHECKPOINTS / "mnist-dcgan.pt", "holds only a generator; training cannot resume"),  # shipped
        ("fast", paths.JUDGE, "judge.pt has a missing or invalid config"),  # not a training at all
    ):
        assert main(args + ["--preset", preset, "--resume", str(resume), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err and not out.exists(), err  # nothing written over


def test_device_chain_names_each_stretch_once():
    assert device_chain("CPU (2 threads)", "CPU (2 threads)") == "CPU (2 threads)"
    assert (
        device_chain("CPU (2 threads), then CPU (1 thread)", "CPU (1 thread)") == "CPU (2 threads), then CPU (1 thread)"
    )
    assert device_chain("", "GPU H100") == "GPU H100"
    assert device_chain("A, then B, then B, then A") == "A, then B, then A"


def test_resume_keeps_the_runs_settings_unless_set_changes_them(tmp_path, capsys):
    ckpt, more, slower = tmp_path / "run.pt", tmp_path / "more.pt", tmp_path / "slower.pt"
    base = ["train", "--epochs", "1", "--data-dir", str(tmp_path), "--device", "cpu"]
    assert main(base + ["--preset", "keras-mlp", "--set", "lr_g=5e-4", "--out", str(ckpt)]) == 0
    assert main(base + ["--resume", str(ckpt), "--out", str(more)]) == 0
    assert main(base + ["--resume", str(ckpt), "--set", "lr_g=1e-4", "--out", str(slower)]) == 0
    capsys.readouterr()
    for path, lr in ((more, 5e-4), (slower, 1e-4)):
        state = torch.load(path, weights_only=True)
        assert state["config"]["arch"] == "mlp" and state["config"]["lr_g"] == lr
        assert state["opt_g"]["param_groups"][0]["lr"] == lr


def test_save_every_writes_snapshots_that_say_their_epoch(tmp_path, capsys):
    ckpt = tmp_path / "run.pt"
    assert (
        main(
            [
                "train",
                "--preset",
                "keras-mlp",
                "--epochs",
                "2",
                "--save-every",
                "1",
                "--data-dir",
                str(tmp_path),
                "--device",
                "cpu",
                "--out",
                str(ckpt),
            ]
        )
        == 0
    )
    capsys.readouterr()
    for epoch in (1, 2):
        snap = torch.load(tmp_path / f"run-epoch{epoch}.pt", weights_only=True)
        assert snap["epoch"] == epoch and snap["extra"]["snapshot_epoch"] == epoch
        assert "--save-every 1" in snap["extra"]["command"]
    assert torch.load(ckpt, weights_only=True)["extra"]["outcome"] == "finished"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sample", "--checkpoint", "missing.pt", "--out", "x.npy"], "no checkpoint at"),
        (["score", "--samples", "missing.npy"], "not a readable .npy"),
        (
            [
                "train",
                "--preset",
                "dcgan",
                "--dataset",
                "fashion",
                "--epochs",
                "1",
                "--out",
                "x.pt",
                "--data-dir",
                "/nonexistent-offline-dir",
            ],
            "Fashion-MNIST is not on this computer",
        ),
    ],
)
def test_bad_inputs_are_one_clear_line_not_a_traceback(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_corrupt_checkpoint_and_wrong_array(tmp_path, capsys):
    (tmp_path / "bad.pt").write_bytes(b"\x00" * 100)
    assert main(["sample", "--checkpoint", str(tmp_path / "bad.pt"), "--out", str(tmp_path / "x.npy")]) == 2
    np.save(tmp_path / "wrong.npy", np.zeros((5, 3, 32, 32), dtype=np.float32))
    assert main(["score", "--samples", str(tmp_path / "wrong.npy")]) == 2
    err = capsys.readouterr().err
    assert "not a readable GAN Explorer checkpoint" in err and "[N, 1, 28, 28]" in err


def test_python_dash_m_explorer_help():
    out = subprocess.run([sys.executable, "-m", "explorer", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "train" in out.stdout and "score" in out.stdout


def test_set_overrides_a_preset_setting_or_says_what_is_wrong(tmp_path, capsys):
    out = tmp_path / "run.pt"
    assert (
        main(
            [
                "train",
                "--preset",
                "keras-mlp",
                "--set",
                "ema=0.99",
                "--set",
                "g_hidden=32,64",
                "--epochs",
                "1",
                "--device",
                "cpu",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    capsys.readouterr()
    from explorer.gan.persistence import load_checkpoint

    cfg = load_checkpoint(out)["config"]
    assert cfg.ema == 0.99 and cfg.g_hidden == (32, 64)
    assert main(["train", "--set", "colour=blue", "--epochs", "1", "--out", str(out)]) == 2
    assert "write KEY=VALUE with one of the settings" in capsys.readouterr().err
    assert main(["train", "--set", "ema=7", "--epochs", "1", "--out", str(out)]) == 2
    assert "ema must be 0 (off)" in capsys.readouterr().err
    assert main(["train", "--set", "batch_size=64.0", "--epochs", "1", "--out", str(out)]) == 2
    assert capsys.readouterr().err == "error: --set batch_size=64.0: batch_size must be a whole number\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "--epochs", "abc", "--out", "x.pt"],
        ["train"],
        ["bogus"],
        ["harmonic", "--time-budget", "-3", "--out", "p.npy"],
        ["sample", "--n", "x"],
    ],
)
def test_every_command_line_mistake_is_one_error_line(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        main(argv)
    err = capsys.readouterr().err
    assert exit.value.code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "--help" in err


def test_ship_writes_a_small_fp16_generator_and_its_scores(tmp_path, capsys):
    run, shipped = tmp_path / "run.pt", tmp_path / "mnist-tiny.pt"
    assert (
        main(["train", "--preset", "fast", "--set", "width=4", "--epochs", "1", "--device", "cpu", "--out", str(run)])
        == 0
    )
    capsys.readouterr()
    assert main(["ship", "--checkpoint", str(run), "--out", str(shipped), "--n", "500", "--name", "Tiny"]) == 0
    meta = json.loads(capsys.readouterr().out)
    assert json.loads(shipped.with_suffix(".json").read_text()) == meta
    assert meta["name"] == "Tiny" and meta["train_command"].startswith("python -m explorer train")
    assert meta["weights"] == "fp16" and meta["epochs"] == 1
    # the judge's verdict is the one `sample` + `score` give for the same generator, number and seed
    samples = tmp_path / "samples.npy"
    assert main(["sample", "--checkpoint", str(shipped), "--n", "500", "--seed", "0", "--out", str(samples)]) == 0
    capsys.readouterr()
    assert main(["score", "--samples", str(samples)]) == 0
    scored = json.loads(capsys.readouterr().out) | {"samples": 500, "sample_seed": 0}
    assert meta["judge"].keys() == scored.keys()
    for name, value in scored.items():  # (the .npy's [0, 1] floats round the samples at the 8th digit)
        assert meta["judge"][name] == (pytest.approx(value, rel=1e-6) if isinstance(value, float) else value), name
    from explorer.gan.persistence import load_checkpoint, load_generator

    ckpt = load_checkpoint(shipped)
    assert ckpt["kind"] == "generator" and all(
        v.dtype == torch.float16 for v in ckpt["G"].values() if v.is_floating_point()
    )
    assert shipped.stat().st_size < run.stat().st_size / 2
    G, _ = load_generator(shipped)
    assert G(torch.zeros(2, ckpt["config"].latent_dim)).shape == (2, 1, 28, 28)
    # and, beside it (outside the app's checkpoints/), its graph for the browser, tagged with its weights
    from explorer.formats import web

    assert web.graph_version(shipped.with_suffix(".onnx.gz")) == web.weights_version(G)
