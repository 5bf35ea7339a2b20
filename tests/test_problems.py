"""The training problems' demonstrations: valid recipes with words in both languages, a D-wins run
that the page's own alert catches, and a page that starts one and offers its fix."""

from pathlib import Path

import pytest
from conftest import PATIENCE_S
from streamlit.testing.v1 import AppTest

from explorer.data.datasets import load_dataset
from explorer.gan.diagnostics import diagnose
from explorer.gan.problems import PROBLEMS
from explorer.gan.trainer import Trainer
from explorer.ui.jobs import board

APP = str(Path(__file__).resolve().parent.parent / "explorer" / "app.py")


@pytest.mark.parametrize("problem", PROBLEMS.values(), ids=list(PROBLEMS))
def test_each_problem_has_its_words_in_both_languages_and_a_different_fix(problem):
    for what in ("title", "shows", "watch", "fix"):
        assert (
            problem.say(what, "en") and problem.say(what, "ru") and problem.say(what, "en") != problem.say(what, "ru")
        )
    assert problem.fixed is None or problem.fixed != problem.config


def test_d_wins_is_caught_by_the_pages_alert_and_its_fix_is_not():
    """By steps, not seconds (bench/problems.py times them): 300 steps are ~10 s on a 2-core CPU."""
    data = load_dataset("mnist", download=False)
    kinds = []
    for cfg in (PROBLEMS["d_wins"].config, PROBLEMS["d_wins"].fixed):
        trainer = Trainer(cfg, data)
        series = {k: [] for k in ("step", "d_loss", "g_loss", "d_real", "d_fake")}
        for _ in range(300):
            m = trainer.step()
            series["step"].append(trainer.step_count)
            for key, value in m.floats().items():
                series[key].append(value)
        kinds.append([a.kind for a in diagnose(series, cfg=cfg)])
    assert kinds == [["d_wins"], []]


@pytest.fixture
def page():
    at = AppTest.from_file(APP, default_timeout=PATIENCE_S).run()
    at.switch_page("../pages/train.py").run()
    yield at
    for job in board().jobs():
        board().discard(job)
        job.join(PATIENCE_S)


def test_one_click_starts_a_demonstration_and_the_fix(page, wait_until):
    page.button(key="train_problem_sensitivity").click().run()
    run = board().get(page.session_state["train_job"])
    assert run.demo == "sensitivity" and run.cfg == PROBLEMS["sensitivity"].config
    assert any("What to watch" in m.value for m in page.markdown)
    wait_until(lambda: run.snapshot().step > 0)
    page.run()
    page.button(key="train_problem_fix").click().run()  # the fix replaces the demonstration…
    fixed = board().get(page.session_state["train_job"])
    assert fixed.cfg == PROBLEMS["sensitivity"].fixed and fixed.demo == "sensitivity"
    assert any("tries the fix" in m.value for m in page.markdown)
    assert not [b for b in page.button if b.key == "train_problem_fix"]
    wait_until(lambda: fixed.snapshot().step > 0)
    page.run()
    page.button(key="train_problem_d_wins").click().run()  # …but a run with work in it is not thrown away unasked
    assert board().get(page.session_state["train_job"]) is fixed
    assert not page.exception
