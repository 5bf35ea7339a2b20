"""The pages of a cluster replica whose job service cannot be reached: the job pages say so (in the
class's language) and keep the run's link, Start says why it cannot start, and the pages that need
no job work as before. (No cluster here: a replica without Ray's token setting cannot join one.)"""

from pathlib import Path

import pytest
from conftest import PATIENCE_S
from streamlit.testing.v1 import AppTest

from explorer.ui import jobs

pytest.importorskip("ray", reason="Ray is in requirements-test.txt")

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


@pytest.fixture
def unreachable(monkeypatch, wait_until, capfd):
    monkeypatch.setenv("GAN_EXPLORER_RAY", "127.0.0.1:9")
    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    jobs.board.clear()  # this process's board: a replica's, for these tests only
    wait_until(lambda: jobs.board().unavailable)
    assert "RAY_AUTH_MODE" in capfd.readouterr().err  # why, for whoever runs the cluster: in the server's log
    yield
    jobs.board().close()
    jobs.board.clear()


def test_a_job_page_says_the_service_is_unreachable_and_keeps_the_runs_link(unreachable):
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S)
    at.query_params["run"] = "aRunThatIsSomewhere"
    at.run()
    at.switch_page("../pages/train.py").run()
    assert not at.exception
    assert any("cannot reach the computers that run them" in w.value for w in at.warning)
    assert len([w for w in at.warning if "cannot reach" in w.value]) == 1  # once, however often the page looks
    assert at.query_params["run"] == "aRunThatIsSomewhere"  # found again once the service is back
    at.button(key="train_start").click().run()
    assert not at.exception
    assert any("cannot reach the computers" in e.value for e in at.error)


def test_in_russian_too_and_the_pages_without_jobs_work(unreachable):
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.sidebar.radio(key="lang").set_value("ru").run()
    at.switch_page("../pages/harmonic.py").run()
    assert not at.exception
    assert len([w for w in at.warning if "не может связаться с компьютерами" in w.value]) == 1
    latent = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    latent.switch_page("../pages/latent.py").run()  # needs no job: as on one server
    assert not latent.exception and not any("cannot reach" in w.value for w in latent.warning)
    assert latent.get("iframe") or latent.image or latent.slider
