"""Does watching training in the browser slow it down? The Train page's images/s against the CLI's.

1. The CLI's loop (`Trainer` + `train_for`, as `python -m explorer train` runs it) for --seconds.
2. The app served by Streamlit and opened in headless Chromium (Debian's /usr/bin/chromium, on
   this same machine, as on a teacher's laptop): press Start on the Train page, keep watching
   for --seconds, and read the images/s that the page itself shows.
Both use the same preset on the offline digits. Prints both rates and their ratio.

    python bench/ui_throughput.py [--seconds 60] [--preset fast]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from common import ROOT, app_page, machine

from explorer.data import datasets
from explorer.gan import presets
from explorer.gan.trainer import Trainer, train_for


def cli_rate(preset: str, seconds: float) -> float:
    trainer = Trainer(presets.preset(preset), datasets.load_dataset("mnist", download=False))
    spent = train_for(trainer, seconds=seconds)
    return trainer.step_count * trainer.cfg.images_per_step / spent


def page_rate(preset: str, seconds: float, root: Path = ROOT) -> tuple[float, str]:
    with app_page(root=root) as page:
        page.get_by_role("link", name="Train").click()
        if preset != presets.DEFAULT_PRESET:  # type the recipe's title into the selectbox
            page.locator(".st-key-train_preset input").fill(presets.PRESETS[preset].title)
            page.keyboard.press("Enter")
            page.get_by_text(presets.PRESETS[preset].source[:40]).wait_for(timeout=30_000)
        page.locator(".st-key-train_start button").click()
        page.get_by_text(re.compile(r"step [\d,]+ ·")).first.wait_for(timeout=60_000)
        page.wait_for_timeout(seconds * 1000)
        text = page.get_by_text(re.compile(r"images/s")).first.inner_text()
        page.locator(".st-key-train_stop button").click()
    return float(re.search(r"([\d,]+) images/s", text).group(1).replace(",", "")), text


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--preset", default=presets.DEFAULT_PRESET)
    p.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app to serve (default: this one)")
    args = p.parse_args()
    cli = cli_rate(args.preset, args.seconds)
    page, text = page_rate(args.preset, args.seconds, args.root)
    print(f"# {machine()}; preset {args.preset}, {args.seconds:.0f} s each, offline digits")
    print(f"CLI loop              : {cli:8,.0f} images/s")
    print(f"Train page in Chromium: {page:8,.0f} images/s   (the page said: {text})")
    print(f"ratio page/CLI: {page / cli:.2f}")


if __name__ == "__main__":
    main()
