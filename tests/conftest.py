from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

# What the machine happens to hold or reach must not decide a test: a user's machine often has
# internet and sometimes VGG19 in torch's cache or MNIST from an earlier lesson. Every test process
# (and every server, worker and command it starts, which inherit this environment) therefore gets
# an empty data folder, an empty torch cache and a mirror that does not exist, so every download
# fails at once, as offline. A test that wants a download or a cached VGG19 sets up its own.
# (Set before the product is imported: its data folder is read at import.)
_PINNED = Path(tempfile.mkdtemp(prefix="gan-explorer-tests-"))
atexit.register(shutil.rmtree, _PINNED, ignore_errors=True)
os.environ["GAN_EXPLORER_DATA"] = str(_PINNED / "data")
os.environ["GAN_EXPLORER_MIRROR"] = (_PINNED / "no-mirror").as_uri()
os.environ["TORCH_HOME"] = str(_PINNED / "torch")
os.environ.pop("XDG_CACHE_HOME", None)

import pytest  # noqa: E402
import torch  # noqa: E402

from explorer.data.datasets import MNIST_CLASSES, ImageData  # noqa: E402
from explorer.gan.config import GanSettings, TrainConfig  # noqa: E402
from explorer.jobs import Resources  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"
# How long a test waits for a state the product reports before it gives up: generous, because a
# class server's machine is busy (the suite must pass beside two busy processes: bench/busy_suite.py).
PATIENCE_S = 180


# The job layer's backends: "local" always; "ray" too inside the cluster tests' own run
# (tests/raycluster.py, started by tests/test_cluster.py), where a Ray head is up on loopback.
RAY_HEAD = os.environ.get("GAN_EXPLORER_TEST_RAY", "")
BACKENDS = ["local", "ray"] if RAY_HEAD else ["local"]


def pytest_generate_tests(metafunc) -> None:
    """Each job-layer test on every backend, but a test marked `worker_only`: what it checks is the
    kind's worker (a bad input, a diverging run), the same code wherever it runs, so on one only."""
    if "backend" in metafunc.fixturenames:
        worker_only = metafunc.definition.get_closest_marker("worker_only") is not None
        metafunc.parametrize("backend", BACKENDS[:1] if worker_only else BACKENDS)


# The files that take longest, started first (pytest.ini: --no-loadscope-reorder keeps this order):
# pytest-xdist otherwise starts the files with the most tests first, which left each one-test
# cluster run (a minute or two of its own) to the end of the suite, alone on one worker.
LONGEST_FIRST = ["test_cluster_class.py", "test_cluster.py", "test_e2e.py"]


def pytest_collection_modifyitems(items) -> None:
    def rank(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # (a stable sort: each file's tests keep their order)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on the test's item (`item.rep_call`): a fixture's teardown then knows
    whether the test failed (tests/test_e2e.py shows the server's stacks then)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_configure(config) -> None:
    """Test processes (pytest.ini: -n 3) share the machine's cores: each computes on its share of
    them, not every core's thread each (on 2 cores, 6 spinning OpenMP threads slowed the suite)."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        torch.set_num_threads(max(1, len(os.sched_getaffinity(0)) // workers))


@pytest.fixture
def launch(backend, tmp_path):
    """Start a job as a board would: on this server, in a folder of its own ("local"), or on the
    Ray cluster ("ray"), submitted to a board of its own with room for every job."""
    started, boards = [], []

    def start(job):
        if backend == "local":
            job.workdir = tmp_path / f"job-{len(started)}"
            job.workdir.mkdir()
            job.start()
        else:
            if not boards:
                # its owner is connected, as a page that shows the job: the board keeps it however
                # long it runs (a busy machine made a 40-epoch run outlast the abandonment's 30 s)
                connected = lambda: ({"owner"}, set())  # noqa: E731
                boards.append(
                    ray_board(budget=Resources(cpu=64, gpu_gib=64), root=str(tmp_path / "jobs"), looking=connected)
                )
            boards[0].submit(job, "owner")
        started.append(job)
        return job

    yield start
    for job in started:
        job.stop()
    for job in started:
        if job.started and not job.join(30):
            job.kill()
    for board in boards:
        board.close(shut_down=True)


def ray_board(**options):
    """A replica's board in front of the test cluster's (tests/raycluster.py): its own board actor,
    in a namespace of its own."""
    from explorer.jobs.cluster.replica import ClusterBoard

    return ClusterBoard(RAY_HEAD, namespace=f"test-{secrets.token_hex(4)}", **options)


@pytest.fixture
def tiny_cfg() -> TrainConfig:
    return TrainConfig(
        latent_dim=8, g_hidden=(16, 32), objective=GanSettings(d_hidden=(32, 16)), batch_size=8, n_fixed=4, epochs=2
    )


@pytest.fixture
def tiny_data() -> ImageData:
    rng = torch.Generator().manual_seed(0)
    images = torch.rand(64, 1, 28, 28, generator=rng) * 2 - 1
    labels = torch.randint(0, 10, (64,), generator=rng)
    return ImageData(images, labels, "mnist", "64 random test pictures", MNIST_CLASSES)


@pytest.fixture(scope="session")
def mnist_test_idx() -> Path:
    if not (SHARED_MNIST / "t10k-images-idx3-ubyte.gz").exists():
        pytest.skip("the held-out MNIST test set (../shared/data/mnist) is not beside this checkout")
    return SHARED_MNIST


def rerun_until(at, ready, timeout_s: float = PATIENCE_S):
    """Rerun an AppTest page until `ready(at)` holds (its job runs in another process)."""
    deadline = time.time() + timeout_s
    while not ready(at):
        assert time.time() < deadline, "the page never got there"
        time.sleep(0.3)
        at.run()
        assert not at.exception
    return at


@pytest.fixture
def wait_until():
    """Poll `condition` until it holds (or fail after `timeout` seconds): for live training, whose
    states come from other processes."""

    def wait(condition, timeout: float = PATIENCE_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError("not reached in time")

    return wait


@pytest.fixture
def empty_board():
    """After the test: every job on the app's board stopped and forgotten (AppTest sessions share
    the one board of this process, as a server's sessions do)."""
    yield
    from explorer.ui.jobs import board

    for job in board().jobs():
        board().discard(job)
        job.join(PATIENCE_S)


def open_app(page: str | None = None, **params: str):
    """The app under AppTest, opened with a link's query parameters, then on `page` (a file in
    pages/, without .py), as a student's click on the sidebar would go there."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "explorer" / "app.py"), default_timeout=PATIENCE_S)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(f"../pages/{page}.py").run()
    return at


def pictures(at) -> set[str]:
    """The pictures an AppTest page shows, by their media files' names (a name is its content's
    hash): a control that redraws one picture changes exactly one name."""
    return {i.url for image in at.image for i in image.proto.imgs}


@pytest.fixture
def german(tmp_path, monkeypatch):
    """A teacher's new language: the shipped catalogues plus a German one, a few messages long, in a
    locale folder of the test's own (explorer/i18n/catalogues.py reads it in place of the app's)."""
    import shutil

    from explorer.i18n import catalogues

    locales = tmp_path / "locale"
    shutil.copytree(catalogues.LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    (locales / "de" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "de" / "LC_MESSAGES" / "explorer.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "What a GAN is"\nmsgstr "Was ein GAN ist"\n\nmsgid "Language"\nmsgstr "Sprache"\n\n'
        'msgid "{n} picture"\nmsgid_plural "{n} pictures"\nmsgstr[0] "{n} Bild"\nmsgstr[1] "{n} Bilder"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogues, "LOCALES", locales)
    catalogues.languages.cache_clear()
    catalogues.translations.cache_clear()
    yield
    catalogues.languages.cache_clear()  # (the app's folder again from the next call on)
    catalogues.translations.cache_clear()
