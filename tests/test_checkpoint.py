import errno

import pytest
import torch

from explorer.formats import checkpoint
from explorer.formats.checkpoint import CheckpointError
from explorer.gan.persistence import load_checkpoint, load_generator, restore_trainer, save_checkpoint
from explorer.gan.trainer import Trainer


@pytest.fixture
def trained(tiny_cfg, tiny_data):
    trainer = Trainer(tiny_cfg.replace(ema=0.9), tiny_data)
    for _ in range(3):
        trainer.step()
    return trainer


def test_trainer_checkpoint_round_trip_resumes(trained, tiny_cfg, tiny_data, tmp_path):
    path = save_checkpoint(tmp_path / "run.pt", trained, extra={"note": "hello"})
    ckpt = load_checkpoint(path)
    assert ckpt["format"] == checkpoint.FORMAT and ckpt["version"] == checkpoint.VERSION
    assert ckpt["config"] == trained.cfg and ckpt["step"] == 3 and ckpt["extra"]["note"] == "hello"
    fresh = Trainer(tiny_cfg.replace(ema=0.9), tiny_data)
    restore_trainer(fresh, path)
    assert fresh.step_count == 3
    assert torch.equal(fresh.sample(), trained.sample())


def test_generator_rebuilt_from_the_file_alone_even_in_fp16(trained, tmp_path):
    path = save_checkpoint(tmp_path / "g.pt", trained, kind="generator", half=True)
    G, ckpt = load_generator(path)
    assert ckpt["kind"] == "generator" and "D" not in ckpt and "opt_g" not in ckpt
    with torch.no_grad():
        images = G(ckpt["fixed_z"])
    assert torch.allclose(images, trained.sample(), atol=2e-2)  # fp16 weights, fp32 maths
    with pytest.raises(CheckpointError, match="only a generator"):
        restore_trainer(trained, path)


@pytest.mark.parametrize("content", [b"", b"not a checkpoint at all", b"PK\x03\x04 truncated zip"])
def test_corrupt_files_give_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.pt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match="not a readable GAN Explorer checkpoint"):
        load_checkpoint(path)


def test_truncated_checkpoint_gives_a_clear_error(trained, tmp_path):
    path = save_checkpoint(tmp_path / "run.pt", trained)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CheckpointError, match="not a readable"):
        load_checkpoint(path)


def test_other_pytorch_files_and_missing_files(tmp_path):
    torch.save({"weights": torch.zeros(3)}, tmp_path / "other.pt")
    with pytest.raises(CheckpointError, match="not a GAN Explorer checkpoint"):
        load_checkpoint(tmp_path / "other.pt")
    with pytest.raises(CheckpointError, match="no checkpoint at"):
        load_checkpoint(tmp_path / "missing.pt")


def test_checkpoint_of_another_model_is_refused(trained, tiny_cfg, tiny_data, tmp_path):
    path = save_checkpoint(tmp_path / "run.pt", trained)
    other = Trainer(tiny_cfg.replace(arch="dcgan", width=4), tiny_data)
    with pytest.raises(CheckpointError, match="different model"):
        restore_trainer(other, path)


def test_newer_format_is_refused(trained, tmp_path):
    path = save_checkpoint(tmp_path / "run.pt", trained)
    payload = torch.load(path, weights_only=True)
    payload["version"] = checkpoint.VERSION + 1
    torch.save(payload, path)
    with pytest.raises(CheckpointError, match="newer GAN Explorer"):
        load_checkpoint(path)


def test_full_disk_keeps_the_previous_file(trained, tmp_path, monkeypatch):
    path = save_checkpoint(tmp_path / "run.pt", trained)
    before = path.read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(checkpoint.torch, "save", no_space)
    with pytest.raises(CheckpointError, match="disk is full.*unchanged"):
        save_checkpoint(path, trained)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["run.pt"]  # no temporary file left behind


def test_an_envelope_says_what_it_is_and_every_refusal_is_its_sentence(tmp_path, monkeypatch):
    import errno

    from explorer.formats import checkpoint as envelope

    path = envelope.write_envelope(
        tmp_path / "e.pt", "judge", {"w": torch.ones(2, requires_grad=True), "rows": [{"b": torch.zeros(1)}], "n": 3}
    )
    saved = envelope.read_envelope(path)
    assert (saved["format"], saved["version"], saved["kind"], saved["n"], saved["extra"]) == (
        "gan-explorer-checkpoint", 1, "judge", 3, {}
    )  # fmt: skip
    assert not saved["w"].requires_grad and saved["rows"][0]["b"].shape == (1,)  # nested tensors, detached
    assert envelope.read_envelope(envelope.write_envelope(tmp_path / "x.pt", "k", {}, extra={"a": 1}))["extra"] == {
        "a": 1
    }
    for content, sentence in (
        ({"format": "other"}, "o.pt is a PyTorch file but not a GAN Explorer checkpoint."),
        ([1, 2], "o.pt is a PyTorch file but not a GAN Explorer checkpoint."),
        (
            {"format": envelope.FORMAT, "version": 2},
            "o.pt was written by a newer GAN Explorer (format 2, this one reads up to 1); update the app.",
        ),
    ):
        torch.save(content, tmp_path / "o.pt")
        with pytest.raises(envelope.CheckpointError) as refused:
            envelope.read_envelope(tmp_path / "o.pt")
        assert str(refused.value) == sentence
    torch.save({"format": envelope.FORMAT}, tmp_path / "old.pt")  # no version: the first format, still read
    assert envelope.read_envelope(tmp_path / "old.pt")["format"] == envelope.FORMAT
    (tmp_path / "junk.pt").write_bytes(b"junk")
    with pytest.raises(envelope.CheckpointError) as refused:
        envelope.read_envelope(tmp_path / "junk.pt")
    assert str(refused.value) == (
        "junk.pt is not a readable GAN Explorer checkpoint (corrupt, truncated or another format)."
    )
    with pytest.raises(envelope.CheckpointError) as refused:
        envelope.read_envelope(tmp_path)  # a folder is not a checkpoint either
    assert str(refused.value) == f"no checkpoint at {tmp_path}"

    def failing(error):
        def save(payload, f):
            raise error

        return save

    for error, reason in (
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EACCES, "Permission denied"), "Permission denied"),
        (RuntimeError("writer failed"), "writer failed"),
    ):
        monkeypatch.setattr(torch, "save", failing(error))
        with pytest.raises(envelope.CheckpointError) as refused:
            envelope.write_atomic(path, {"w": torch.zeros(1)})
        assert str(refused.value) == f"could not save {path}: {reason}. Any earlier file there is unchanged."
    monkeypatch.undo()
    assert envelope.read_envelope(path)["kind"] == "judge"  # the earlier file, unchanged
    assert envelope.map_tensors(lambda t: t + 1, {"a": [torch.zeros(1), "x"], "b": 2}) == {
        "a": [torch.ones(1), "x"],
        "b": 2,
    }


class _Trap:
    """Pickled, it asks the loader to call a function (here: create a file); a checkpoint is read
    as tensors and plain values only, so the call never happens."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_checkpoint_that_would_run_code_is_refused_unrun(tmp_path):
    marker = tmp_path / "ran"
    torch.save({"format": checkpoint.FORMAT, "version": 1, "trap": _Trap(marker)}, tmp_path / "shared.pt")
    with pytest.raises(CheckpointError) as refused:
        checkpoint.read_envelope(tmp_path / "shared.pt")
    assert "shared.pt is not a readable GAN Explorer checkpoint" in str(refused.value)
    assert not marker.exists()


def test_an_envelope_is_read_onto_the_device_asked_for(tmp_path):
    path = checkpoint.write_envelope(tmp_path / "e.pt", "judge", {"w": torch.ones(2)})
    assert checkpoint.read_envelope(path, map_location="meta")["w"].device.type == "meta"
    assert checkpoint.read_envelope(path)["w"].device.type == "cpu"
