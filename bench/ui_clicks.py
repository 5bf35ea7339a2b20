"""Does the Train page answer a click within a second while it trains? (issue 3)

The app is served by `streamlit run` and driven in Debian's headless Chromium on this same
machine, as a teacher's laptop would run both. Training starts with the default recipe on the
offline digits; once a few epochs are drawn, each interaction below is repeated --repeats times
while training goes on, timing from the click to the moment the page shows its answer:

- Pause → the Resume button is there;  Resume → the Pause button is back (full reruns);
- a click on an epoch's dot of the loss chart → that epoch's grid is shown (a chart fragment
  rerun, then a full rerun);
- a click on the timeline slider's track → that epoch's grid (a fragment rerun);
- the language switched in the sidebar → the page title in the other language (a full rerun).

Prints the median and the worst time of each, in seconds.

    python bench/ui_clicks.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from common import ROOT, app_page, machine


def timed(page, act, answer, timeout_s: float = 15) -> float:
    start = time.perf_counter()
    act()
    try:
        answer().wait_for(timeout=timeout_s * 1000)
    except Exception:
        page.screenshot(path="/tmp/ui_clicks_failed.png")
        raise
    return time.perf_counter() - start


def caption(page, epoch: int):
    return page.get_by_text(f"epoch {epoch}", exact=True)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app to serve (default: this one)")
    args = p.parse_args()
    times: dict[str, list[float]] = {}
    with app_page(viewport=(1400, 1100), root=args.root) as page:
        page.get_by_role("link", name="Train").click()
        page.locator(".st-key-train_start button").click()
        page.get_by_text(re.compile(r"^epoch ([89]|\d\d)$")).wait_for(timeout=120_000)  # 8 epochs or more
        page.wait_for_timeout(2000)
        for _ in range(args.repeats):
            # the Pause button becomes Resume (an older app had two buttons, train_pause/train_resume)
            button = page.locator(".st-key-train_pause button, .st-key-train_resume button")
            times.setdefault("pause", []).append(
                timed(
                    page,
                    lambda: button.get_by_text("Pause", exact=True).click(),
                    lambda: button.get_by_text("Resume", exact=True),
                )
            )
            page.wait_for_timeout(1500)
            times.setdefault("resume", []).append(
                timed(
                    page,
                    lambda: button.get_by_text("Resume", exact=True).click(),
                    lambda: button.get_by_text("Pause", exact=True),
                )
            )
            page.wait_for_timeout(1500)

        for i in range(args.repeats):
            epoch = 1 + i % 5  # dots of epochs 1…5, each a different grid from the one shown
            dots = page.locator(".st-key-train_loss_chart g.trace.scatter").nth(4).locator("path.point")
            dots.nth(epoch - 1).scroll_into_view_if_needed()
            box = dots.nth(epoch - 1).bounding_box()
            times.setdefault("epoch dot on the loss chart", []).append(
                timed(
                    page,
                    lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2),
                    lambda: caption(page, epoch),
                )
            )
            page.wait_for_timeout(1500)

        for i in range(args.repeats):
            target = (2, 8, 4, 10, 6)[i % 5]  # a click on the timeline's track, where that epoch sits
            slider = page.locator("[data-testid='stSlider']").filter(has_text="Look back")
            while slider.count() != 1:  # the old slider leaves the page as the new one arrives
                page.wait_for_timeout(50)
            end = int(slider.locator("input[type=range]").get_attribute("max"))
            slider.scroll_into_view_if_needed()
            box = slider.locator("div[style*='position: relative']").bounding_box()  # the track
            x = box["x"] + box["width"] * target / end
            times.setdefault("timeline slider click", []).append(
                timed(page, lambda: page.mouse.click(x, box["y"] + box["height"] / 2), lambda: caption(page, target))
            )
            page.wait_for_timeout(1500)

        status = page.get_by_text(re.compile(r"images/s")).first.inner_text()
        for i in range(args.repeats):
            lang, title = ("Русский", "Обучение GAN") if i % 2 == 0 else ("English", "Train a GAN")
            times.setdefault("language (full rerun)", []).append(
                timed(
                    page,
                    lambda: page.locator(".st-key-lang").get_by_text(lang).click(),
                    lambda: page.get_by_role("heading", name=title),
                )
            )
            page.wait_for_timeout(1500)
        page.locator(".st-key-train_stop button").click()

    print(f"# {machine()}; Chromium on the same machine; training the default recipe throughout")
    print(f"# the page at the end: {status}")
    for name, values in times.items():
        print(f"{name:30s} median {statistics.median(values):5.2f} s   worst {max(values):5.2f} s   (n={len(values)})")


if __name__ == "__main__":
    main()
