"""The whole test suite on a machine unlike this one: a user's who has internet and has used the
app before. (issue 27)

Builds a home folder such a user would have and runs the README's pytest with HOME set to it:
- torch's cache holds VGG19 (torchvision's file name and layout: `features.N.weight`, …; random
  weights, since only its presence and shape decide which network the product takes);
- the app's data folder already holds MNIST from an earlier lesson;
- downloads work: a web server on loopback plays torchvision's MNIST and Fashion-MNIST mirrors, and
  every Python process the suite starts (pytest's workers, the servers, the job workers, the
  commands) finds torchvision pointed at it, with the checksums of what it serves (a
  sitecustomize.py on PYTHONPATH). It serves the real MNIST test digits, under every file name.
The tests pin what they need themselves (tests/conftest.py), so the suite must pass here exactly
as it does on this machine. Prints the pytest summary and its time.

    python bench/elsewhere_suite.py [--log /tmp/elsewhere_suite.log] [-- PYTEST ARGS…]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import torch
import torchvision
from common import ROOT, machine

SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"
ARCHIVES = {  # torchvision's file name → the real test-set archive served under it
    "train-images-idx3-ubyte.gz": "t10k-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz": "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz": "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz": "t10k-labels-idx1-ubyte.gz",
}
# Runs first in every Python process: points torchvision's MNIST and Fashion-MNIST at the mirror
# once torchvision.datasets.mnist is imported (a finder that wraps that one module's loader).
SITECUSTOMIZE = """
import importlib.abc, importlib.machinery, json, os, sys

_MIRROR, _SUMS = os.environ["ELSEWHERE_MIRROR"], json.loads(os.environ["ELSEWHERE_SUMS"])


class _PointAtMirror(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "torchvision.datasets.mnist":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            for cls in (module.MNIST, module.FashionMNIST):
                cls.mirrors = [_MIRROR + cls.__name__ + "/"]
                cls.resources = [(file, _SUMS[file]) for file, _ in cls.resources]

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _PointAtMirror())
"""


def users_home(home: Path) -> None:
    """VGG19 in torch's cache and MNIST in the app's data folder, as a user's machine has them."""
    checkpoints = home / ".cache" / "torch" / "hub" / "checkpoints"
    checkpoints.mkdir(parents=True)
    features = torchvision.models.vgg19().features.state_dict()
    torch.save({f"features.{k}": v for k, v in features.items()}, checkpoints / "vgg19-dcbb9e9d.pth")
    raw = home / ".cache" / "gan-explorer" / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name, real in ARCHIVES.items():
        with gzip.open(SHARED_MNIST / real) as f:
            (raw / name.removesuffix(".gz")).write_bytes(f.read())


def mirror(folder: Path) -> tuple[str, dict[str, str]]:
    """A web server on loopback serving MNIST/ and FashionMNIST/ as torchvision's mirrors do: its
    URL and the md5 of each file."""
    for dataset in ("MNIST", "FashionMNIST"):
        (folder / dataset).mkdir(parents=True)
        for name, real in ARCHIVES.items():
            shutil.copy(SHARED_MNIST / real, folder / dataset / name)
    sums = {name: hashlib.md5((SHARED_MNIST / real).read_bytes()).hexdigest() for name, real in ARCHIVES.items()}

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", sums


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--log", default="/tmp/elsewhere_suite.log", help="where pytest's whole output goes")
    p.add_argument("pytest_args", nargs="*")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="elsewhere-") as tmp:
        home, site = Path(tmp) / "home", Path(tmp) / "site"
        users_home(home)
        site.mkdir()
        (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
        url, sums = mirror(Path(tmp) / "mirror")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GAN_EXPLORER_", "TORCH_HOME", "XDG_"))}
        env |= {
            "HOME": str(home),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")])),
            "ELSEWHERE_MIRROR": url,
            "ELSEWHERE_SUMS": json.dumps(sums),
        }
        check = (
            "from torchvision.datasets import MNIST; from explorer.style import vgg; "
            "print('torchvision fetches MNIST from', MNIST.mirrors[0], '| VGG19 in the cache:', "
            "vgg.vgg19_cache_path().is_file())"
        )
        seen = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True)
        print(f"# {machine()}\n# a user's machine, as the product sees it: {seen.stdout.strip() or seen.stderr[-500:]}")
        start = time.perf_counter()
        suite = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.pytest_args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        spent = time.perf_counter() - start
    Path(args.log).write_text(suite.stdout + suite.stderr)
    lines = suite.stdout.splitlines()
    summary = [line for line in lines if " passed" in line or " failed" in line or "error" in line]
    print("\n".join(line for line in lines if line.startswith(("FAILED", "ERROR"))))
    print(f"pytest: {summary[-1] if summary else suite.stdout[-2000:]} (exit {suite.returncode}, {spent:.0f} s)")
    sys.exit(suite.returncode)


if __name__ == "__main__":
    main()
