import gzip
import hashlib
import shutil
import urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch
from torchvision import datasets as tv_datasets

from explorer.data import datasets


def test_pixels_are_scaled_to_the_tanh_range():
    x = datasets.to_unit_range(np.array([[[0, 255], [127, 128]]], dtype=np.uint8))
    assert x.shape == (1, 1, 2, 2)
    assert x.min() == -1 and x.max() == 1


def test_offline_mnist_falls_back_to_the_shipped_digits(tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(datasets.urllib.request, "urlopen", offline)
    messages = []
    ds = datasets.load_dataset("mnist", root=tmp_path, on_progress=lambda f, m: messages.append(m))
    assert len(ds) == 5000 and ds.images.shape == (5000, 1, 28, 28)
    assert "could not be downloaded" in ds.source and "5,000 real MNIST digits" in ds.source
    assert (
        "не удалось скачать" in ds.source.in_language("ru") and "urlopen" not in ds.source
    )  # no library's words for a class
    assert torch.bincount(ds.labels).tolist() == [500] * 10
    assert ds.images.min() >= -1 and ds.images.max() <= 1


def test_offline_fashion_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets.urllib.request, "urlopen", lambda *a, **k: (_ for _ in ()).throw(OSError("offline")))
    with pytest.raises(datasets.DatasetUnavailable, match="Fashion-MNIST is not on this computer.*works offline"):
        datasets.load_dataset("fashion", root=tmp_path)


def test_unknown_dataset():
    with pytest.raises(ValueError, match="unknown dataset"):
        datasets.load_dataset("cifar")


def test_read_idx_reads_the_real_test_set(mnist_test_idx):
    images = datasets.read_idx(mnist_test_idx / "t10k-images-idx3-ubyte.gz")
    labels = datasets.read_idx(mnist_test_idx / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_read_idx_rejects_truncated_files(mnist_test_idx, tmp_path):
    with gzip.open(mnist_test_idx / "t10k-labels-idx1-ubyte.gz") as f:
        head = f.read()[:100]
    (tmp_path / "cut").write_bytes(head)
    with pytest.raises(ValueError, match="truncated"):
        datasets.read_idx(tmp_path / "cut")


def _local_mirror(mnist_test_idx, tmp_path, monkeypatch) -> str:
    """torchvision's MNIST pointed at a local mirror of the real test-set archives; its URL."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    resources = []
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        shutil.copy(mnist_test_idx / name, mirror / name)
        resources.append((name, hashlib.md5((mirror / name).read_bytes()).hexdigest()))
    monkeypatch.setenv(datasets.MIRROR_ENV, mirror.as_uri())
    monkeypatch.setattr(tv_datasets.MNIST, "resources", resources)
    return mirror.as_uri() + "/"


@pytest.fixture
def web_server():
    """A web server on loopback serving a folder (a school's copy of the MNIST files): its URL."""
    import functools
    import http.server
    import threading

    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_the_tests_never_reach_torchvisions_mirrors():
    """conftest.py pins the mirror to a folder that does not exist: on a machine with internet the
    tests that expect the offline digits still get them, and nothing is downloaded."""
    assert datasets.mirrors(tv_datasets.MNIST) == datasets.mirrors(tv_datasets.FashionMNIST)
    assert all(url.startswith("file://") for url in datasets.mirrors(tv_datasets.MNIST))


def test_download_path_fetches_checks_and_parses_with_torchvision(mnist_test_idx, tmp_path, monkeypatch, web_server):
    """The real download code, over HTTP from a local mirror holding the real test-set archives,
    after a mirror that does not answer ($GAN_EXPLORER_MIRROR: base URLs, tried in order)."""
    _local_mirror(mnist_test_idx, tmp_path, monkeypatch)
    monkeypatch.setenv(datasets.MIRROR_ENV, f"file://nowhere.invalid/, {web_server(tmp_path / 'mirror')}")
    progress = []
    ds = datasets.load_dataset(
        "mnist", root=tmp_path / "root", train=False, on_progress=lambda f, m: progress.append(f)
    )
    assert len(ds) == 10000 and "test set" in ds.source
    assert progress[-1] == 1.0 and progress == sorted(progress)
    again = datasets.load_dataset("mnist", root=tmp_path / "root", train=False, download=False)  # now saved
    assert torch.equal(again.images, ds.images)


def test_a_corrupted_download_is_rejected(tmp_path, monkeypatch, caplog):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "t10k-labels-idx1-ubyte.gz").write_bytes(b"garbage")
    monkeypatch.setenv(datasets.MIRROR_ENV, mirror.as_uri())  # no slash: the product adds it
    monkeypatch.setattr(tv_datasets.MNIST, "resources", [("t10k-labels-idx1-ubyte.gz", "0" * 32)])
    ds = datasets.load_dataset("mnist", root=tmp_path / "root")
    assert "could not be downloaded" in ds.source and len(ds) == 5000  # fell back, and said so
    assert "corrupted copy" in caplog.text  # and why, in the server's log (not in the class's words)


def test_two_workers_downloading_at_once_fetch_each_file_once(mnist_test_idx, tmp_path, monkeypatch):
    """Two training jobs started together both download MNIST into one folder: one downloads, the
    other waits and then finds the files; no half-written file is ever read."""
    import threading
    import time

    _local_mirror(mnist_test_idx, tmp_path, monkeypatch)
    real_urlopen, lock = datasets.urllib.request.urlopen, threading.Lock()
    now = {"open": 0, "most": 0, "fetched": 0}

    def slow_urlopen(url, timeout):  # a slow network, so that the two would overlap
        with lock:
            now["open"] += 1
            now["most"] = max(now["most"], now["open"])
            now["fetched"] += 1
        time.sleep(0.3)
        with lock:
            now["open"] -= 1
        return real_urlopen(url, timeout=timeout)

    monkeypatch.setattr(datasets.urllib.request, "urlopen", slow_urlopen)
    results = []
    workers = [
        threading.Thread(
            target=lambda: results.append(datasets.load_dataset("mnist", root=tmp_path / "root", train=False))
        )
        for _ in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert len(results) == 2 and all(len(r) == 10000 and "test set" in r.source for r in results)
    assert torch.equal(results[0].images, results[1].images)
    assert now == {"open": 0, "most": 1, "fetched": 2}  # each file once, never two downloads at a time
    assert not list((tmp_path / "root").rglob("*.part"))
