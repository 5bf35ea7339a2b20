"""A class on one server (AppTest: one process, many sessions, as `streamlit run` serves them):
sessions are isolated, the teacher unlocks teacher mode and shows a run to the class, students
watch it without controlling it, a link hides controls and carries every page's settings."""

import re

import pytest
from conftest import open_app
from streamlit.testing.v1 import AppTest

from explorer import classroom as class_server
from explorer.i18n import render
from explorer.ui import teacher
from explorer.ui.jobs import board
from explorer.ui.train.words import WORDS as TRAIN

PASSWORD = "correct horse"


def _open(page: str | None = None, **params: str) -> AppTest:
    at = open_app(page, **params)
    assert not at.exception
    return at


@pytest.fixture(autouse=True)
def _no_jobs_left(empty_board):
    """Each test leaves the board as it found it."""


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv(teacher.ENV, PASSWORD)
    monkeypatch.setenv("GAN_EXPLORER_URL", "http://192.168.1.20:8501")
    return PASSWORD


def _unlock(at: AppTest, secret: str) -> AppTest:
    at.sidebar.text_input(key="teacher_password").input(secret)
    return at.sidebar.button(key="teacher_unlock").click().run()


def test_two_sessions_share_nothing_of_each_others_runs_settings_or_uploads():
    alice, bob = _open("train"), _open("train")
    alice.number_input(key="train_fast_epochs").set_value(700).run()
    alice.button(key="train_start").click().run()
    run = board().get(alice.session_state["train_job"])
    assert run is not None and run.cfg.epochs == 700
    bob.run()
    assert "train_job" not in bob.session_state and any("press Start" in i.value for i in bob.info)
    assert bob.number_input(key="train_fast_epochs").value == 100  # Alice's setting stays hers
    assert alice.session_state["jobs_owner"] != bob.session_state["jobs_owner"]
    # Bob opens Alice's link: he watches her run, and none of its controls work for him
    watcher = _open("train", run=run.id)
    assert watcher.session_state["train_job"] == run.id
    assert watcher.button(key="train_pause").disabled and watcher.button(key="train_stop").disabled
    assert watcher.button(key="train_reset").disabled
    assert any("someone else's run" in c.value for c in watcher.caption)
    # each session's harmonic game is its own, and one's pause does not touch the other's
    alice.switch_page("../pages/harmonic.py").run()
    bob.switch_page("../pages/harmonic.py").run()
    assert alice.session_state["harmonic_game"] != bob.session_state["harmonic_game"]
    # Alice's painting waits for her training (one heavy job each), and the page says so
    alice.switch_page("../pages/style.py").run()
    alice.button(key="st_paint").click().run()
    assert any("Waiting for your training to end" in w.value for w in alice.warning)
    # a digit Alice uploads on the Latent page is found for her walk, not Bob's
    alice.switch_page("../pages/latent.py").run()
    bob.switch_page("../pages/latent.py").run()
    alice.file_uploader(key="latent_upload").set_value(("zero.png", _digit(), "image/png")).run()
    alice.button(key="latent_project_go").click().run()
    bob.run()
    assert "latent_projected" in alice.session_state and "latent_projected" not in bob.session_state
    assert not bob.file_uploader(key="latent_upload").value
    assert not alice.exception and not bob.exception


def _digit() -> bytes:
    import io

    from PIL import Image, ImageDraw

    paper = Image.new("L", (120, 120), 240)
    ImageDraw.Draw(paper).ellipse([30, 20, 90, 100], outline=10, width=10)  # a "0", dark on light
    out = io.BytesIO()
    paper.save(out, format="PNG")
    return out.getvalue()


def test_without_a_password_there_is_no_teacher(monkeypatch):
    monkeypatch.delenv(teacher.ENV, raising=False)
    at = _open("train")
    assert any("Teacher mode is off" in c.value for c in at.sidebar.caption)
    assert not [b for b in at.sidebar.button if b.key == "teacher_unlock"]


def test_a_teachers_cookie_counts_after_a_refresh_until_the_password_changes(password, monkeypatch):
    """A refresh (a new session whose browser sends the teacher's cookie) is the teacher's again; once
    the password changes (another lesson, another teacher), the old cookie unlocks nothing."""
    from explorer.ui import cookies

    def on(at: AppTest) -> bool:
        return any("Teacher mode" in s.value for s in at.sidebar.success)

    token = _cookies_given(_unlock(_open("train"), password))["gan_explorer_teacher"]
    monkeypatch.setattr(cookies, "sent", lambda name: token if name == "gan_explorer_teacher" else "")
    assert on(_open("train"))  # the refresh
    monkeypatch.setenv(teacher.ENV, "another-lesson")
    after = _open("train")
    assert not on(after) and after.sidebar.text_input(key="teacher_password")  # asked for the new one
    assert on(_unlock(after, "another-lesson"))


def test_the_teacher_unlocks_and_shows_a_run_that_students_only_watch(password):
    at = _open("train")
    _unlock(at, "guess")
    assert any("not the teacher's password" in e.value for e in at.sidebar.error)
    assert not [s for s in at.sidebar.success if "Teacher mode" in s.value]
    _unlock(at, password)
    assert any("Teacher mode" in s.value for s in at.sidebar.success)
    at.button(key="train_start").click().run()
    run = board().get(at.session_state["train_job"])
    assert run.first  # the teacher's job goes before the class's in the queue
    shared = f"http://192.168.1.20:8501/train?run={run.id}"
    assert any(shared in c.value for c in at.code)  # the link, and its QR code beside it
    sent, send = [], run.send
    run.send = lambda command: (sent.append(command), send(command))  # what reaches the worker
    jobs_before = len(board().jobs())
    student = _open(None, run=run.id)
    student.switch_page("../pages/train.py").run()
    assert student.session_state["train_job"] == run.id
    for _ in range(3):
        student.run()  # watching, as a tab's timer reruns it: the run is asked for nothing, no job added
    assert sent == [] and len(board().jobs()) == jobs_before
    assert student.button(key="train_pause").disabled and student.button(key="train_stop").disabled
    assert not any(shared in c.value for c in student.code)  # only the teacher shares
    assert any("phone's camera" in c for i in at.image for c in i.captions)  # the QR code
    assert not any("phone's camera" in c for i in student.image for c in i.captions)
    at.sidebar.button(key="teacher_lock").click().run()
    assert not any(shared in c.value for c in at.code)  # left teacher mode: no more sharing
    assert [b for b in at.sidebar.button if b.key == "teacher_unlock"]


def _cookies_given(at: AppTest) -> dict[str, str]:
    """The cookies this run's page scripts give the browser: name → "value; max-age=…"."""
    scripts = (e.proto.body for e in at.get("html") if "document.cookie" in e.proto.body)
    return dict(
        re.search(r"document.cookie = '([^=]+)=([^;]*); path=/; (max-age=\d+)", b).groups()[:2] for b in scripts
    )


def test_a_browser_is_given_its_cookies_in_every_run_until_it_sends_them(password):
    """Under AppTest a browser never sends a cookie, as a browser whose first run was cut short by a
    click never got one: each run gives them again (once, only the first run did, and after a
    refresh that browser no longer owned its run)."""
    at = _open()
    me = _cookies_given(at)["gan_explorer_owner"]
    assert len(me) >= 16 and "gan_explorer_teacher" not in _cookies_given(at)
    at.switch_page("../pages/train.py").run()
    assert _cookies_given(at) == {"gan_explorer_owner": me}  # again, the same id
    _unlock(at, password)
    token = _cookies_given(at)["gan_explorer_teacher"]
    assert token and password not in token  # derived from the password, not the password
    at.switch_page("../pages/latent.py").run()
    assert _cookies_given(at) == {"gan_explorer_owner": me, "gan_explorer_teacher": token}
    at.sidebar.button(key="teacher_lock").click().run()
    assert _cookies_given(at) == {"gan_explorer_owner": me, "gan_explorer_teacher": ""}  # forgotten


def test_the_classroom_panel_makes_a_link_that_hides_controls(password):
    at = _open("train")
    _unlock(at, password)
    at.sidebar.multiselect(key="class_hide_train").select("hyper").select("recipe").run()
    links = [c.value for c in at.sidebar.code if "hide=" in c.value]
    assert links and "http://192.168.1.20:8501/train?" in links[0] and "hide=hyper%2Crecipe" in links[0]
    student = _open(None, hide="hyper,recipe,nonsense")
    student.switch_page("../pages/train.py").run()
    css = " ".join(h.proto.body for h in student.get("html"))
    assert ".st-key-train_hyper" in css and "st-key-train_preset" in css and "display: none" in css
    assert student.selectbox(key="train_preset").value == "fast"  # hidden, and still in force


def test_a_link_carries_every_pages_settings():
    train = _open("train", train_fast_epochs="7", train_fast_lr_d="1e-03", lang="ru", train_dataset="Свои картинки")
    assert train.number_input(key="train_fast_epochs").value == 7
    assert train.select_slider(key="train_fast_lr_d").value == 0.001
    assert train.radio(key="train_dataset").value == "pictures"  # a choice is named in the link's language
    assert train.title[0].value == render(TRAIN["train_title"], "ru")  # the link's language
    harmonic = _open("harmonic", harm_kind="circle", harm_noise="0.05")
    assert harmonic.radio(key="harm_kind").value == "circle" and harmonic.select_slider(key="harm_noise").value == 0.05
    style = _open("style", st_size="384", st_optimizer="Adam")
    assert style.select_slider(key="st_size").value == 384 and style.radio(key="st_optimizer").value == "adam"
    odd = _open("train", train_fast_epochs="many", train_fast_batch="-3")  # wrong values are ignored
    assert odd.number_input(key="train_fast_epochs").value == 100 and not odd.exception


def test_the_class_server_command(monkeypatch):
    options = class_server.server_options(8600, 30)
    pairs = dict(zip(options[::2], options[1::2]))
    assert pairs["--server.address"] == "0.0.0.0" and pairs["--server.enableXsrfProtection"] == "true"
    assert pairs["--client.showErrorDetails"] == "none" and pairs["--server.maxUploadSize"] == "30"
    assert pairs["--browser.gatherUsageStats"] == "false"
    from explorer.cli import build_parser

    assert build_parser().parse_args(["classroom"]).upload_mb == 50  # a class's uploads: 50 MB unless told
    text = class_server.announce("http://192.168.1.20:8600", "abcd2345", generated=True)
    assert "http://192.168.1.20:8600" in text and "abcd2345" in text and "█" in text
    password = class_server.new_password()
    assert len(password) == 8 and password.isalnum()
