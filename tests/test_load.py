"""A small class against a real class server (`python -m explorer classroom`'s options), through
Streamlit's websocket as browsers talk to it: the teacher trains while students open every page,
move the latent slider, play a harmonic game, watch the teacher's run, start a training and upload
pictures to train on. Nobody gets an error, every session gets every answer, what each asked for
happens, and once the tabs close the jobs and their processes are gone. (The timings are
bench/class_load.py's: thirty students, numbers.)"""

import asyncio
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from classclient import Student
from classload import Lesson, sample
from conftest import PATIENCE_S

from explorer import classroom

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    server, url = _serve(log=tmp_path_factory.mktemp("class") / "server.log")
    yield server, url
    _stop(server)


def _serve(app: Path | None = None, log: Path | None = None):
    """`python -m explorer classroom`'s server (its command, with `app` in place of the app's
    script when given) on a free port: (its process, its URL) once it answers. Its terminal goes to
    `log` when given (`server.log`, read by a test that fails on an error a page showed), else to a pipe."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        classroom.PASSWORD_ENV: "test",
        classroom.URL_ENV: f"http://127.0.0.1:{port}",
        "GAN_EXPLORER_ABANDON_S": "3",
    }
    argv = classroom.command(port, 20)
    if app is not None:
        argv[argv.index(str(classroom.APP))] = str(app)
    # its terminal: a file, or a pipe read only when it fails to start or after the server ends
    out = log.open("w") if log else subprocess.PIPE
    server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    server.log = log
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + PATIENCE_S
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                said = log.read_text() if log else server.stdout.read()
                pytest.fail(f"the class server did not start: {said[-2000:]}")
            time.sleep(0.5)
    return server, url


def stacks(server: subprocess.Popen) -> None:
    """Ask the server for every thread's stack, in its log (explorer/app.py: SIGUSR1)."""
    if server.poll() is None:
        os.kill(server.pid, signal.SIGUSR1)


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:  # (its workers end with it: jobs/process.py)
        server.kill()
        server.wait(30)


def test_a_class_gets_every_answer_and_leaves_nothing_behind(class_server, wait_until):
    server, url = class_server
    # a request with no answer: the server writes every thread's stack to its log (explorer/app.py)
    lesson = Lesson(url, students=6, seconds=8, slider_moves=3, password="test", stalled=lambda _: stacks(server))

    during = []

    async def lesson_then_leave():
        await lesson.run()
        await lesson.settle(PATIENCE_S)  # a busy machine: what was asked for may come late, never not at all
        during.append(sample(server.pid))  # the tabs still open: their jobs' workers are there
        await lesson.leave()

    asyncio.run(lesson_then_leave())
    assert during[0]["workers"] >= 2  # the teacher's training and a student's, at least (light jobs besides)
    # no exception, no lost answer, no error sentence (a refused upload); the server's log says why
    assert lesson.errors() == [], server.log.read_text()[-12000:]
    assert lesson.answered() == 7  # the teacher and six students
    # and what they asked for happened: teacher mode, the teacher's training going on meanwhile, the
    # watched run and the games moving, each training running or waiting its turn in the queue
    undone = lesson.undone()
    assert undone == [], "\n".join(undone) + "\n" + server.log.read_text()[-6000:]
    roles = set(lesson.roles.values())
    assert {"latent", "harmonic", "watch", "train", "upload"} <= roles
    assert len(lesson.times("latent slider")) >= 2 * 3  # two slider students, every move answered
    assert lesson.times("upload a zip of pictures") and lesson.times("play a harmonic game")
    # the tabs are closed: every job is stopped and its worker process gone (GAN_EXPLORER_ABANDON_S=3)
    wait_until(lambda: sample(server.pid)["workers"] == 0)
    assert server.poll() is None  # and the server is still there for the next class
    with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as answer:
        assert answer.status == 200


def test_a_class_server_hides_error_details_and_keeps_xsrf_on(class_server):
    _, url = class_server
    with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as answer:
        assert "_streamlit_xsrf" in (answer.headers.get("Set-Cookie") or "")  # XSRF protection is on
    request = urllib.request.Request(url + "/_stcore/upload_file/nobody/nothing", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # an upload without the XSRF token is refused
    assert refused.value.code == 403
    student = Student(url, "student")

    async def look():
        await student.open("")
        await student.close()

    asyncio.run(look())
    assert student.config.gather_usage_stats is False and student.errors == []


def test_a_class_servers_options_hide_an_errors_details_and_answer_no_other_site(tmp_path):
    """The class server's own options, in effect: an error on a page shows the class no message and
    no traceback (that stays in the teacher's terminal), and a page of another site cannot read its
    answers (CORS). A script that fails stands in for the app, which shows no error on purpose."""
    failing = tmp_path / "failing.py"
    failing.write_text("raise ValueError('a secret of the server: /home/teacher/notes.txt')\n")
    server, url = _serve(failing)
    try:
        student = Student(url, "student")

        async def look():
            await student.open("")
            await student.close()

        asyncio.run(look())
        assert student.errors and all("exception on the page" in e for e in student.errors)  # an error, shown
        assert not any("secret" in e or "notes.txt" in e or "ValueError" in e for e in student.errors)
        request = urllib.request.Request(url + "/_stcore/health", headers={"Origin": "http://elsewhere.example"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.headers.get("Access-Control-Allow-Origin") in (None, url)
    finally:
        _stop(server)
    assert "a secret of the server" in server.stdout.read()  # the teacher's terminal has it


def test_an_upload_over_the_class_servers_cap_is_refused_by_the_server(class_server):
    """The cap a class server is started with (20 MB here; `--upload-mb`, 50 by default) holds at
    the server itself, whatever a client sends: it answers 413 and closes the connection (the sender,
    still sending, may see only a reset or a broken pipe), and the page goes on."""
    _, url = class_server
    student = Student(url, "student")

    async def upload_too_much():
        await student.open("latent", "engine=server")
        try:
            with pytest.raises(urllib.error.URLError) as refused:  # (HTTPError is a URLError)
                await student.upload("latent_upload", "huge.png", bytes(21 * 2**20), "upload 21 MB")
            await student.open("latent", "engine=server")  # and the page still answers
        finally:
            await student.close()
        return refused.value

    refused = asyncio.run(upload_too_much())
    assert getattr(refused, "code", None) == 413 or isinstance(refused.reason, ConnectionError), refused
    assert student.errors == [] and not student.said
