"""How soon after a click on a page's link can the class use it? (issue 13)

The app is served by `streamlit run` and opened in Debian's headless Chromium on this machine.
A script in the page notes (MutationObserver, performance.now) when each thing first appears
after the click on the sidebar link: on the Harmonic GAN page its Play button, the game's status
line (its first frame) and the plane (Plotly's SVG); on the Train page its Start button. The
first visit of each page in a fresh server, then --repeats more visits (from the Home page).

    python bench/page_open.py [--repeats 4] [--root OTHER_CHECKOUT]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from common import ROOT, app_page, machine

WATCH = """() => {
  window.__marks = {}; window.__click = performance.now();
  const seen = (name, test) => { if (!(name in window.__marks) && test()) window.__marks[name] = performance.now(); };
  const check = () => {
    seen('harmonic: title', () => document.body.innerText.includes('a GAN learns a curve'));
    seen('harmonic: recipe', () => document.body.innerText.includes('The game'));
    seen('harmonic: Play', () => [...document.querySelectorAll('button')]
      .some(b => b.innerText.trim().endsWith('Play')));
    seen('harmonic: status', () => document.body.innerText.includes('s of training'));
    seen('harmonic: plane', () => document.querySelector('.st-key-harm_plane_main .main-svg'));
    seen('train: Start', () => document.querySelector('.st-key-train_start button'));
  };
  window.__observer && window.__observer.disconnect();
  window.__observer = new MutationObserver(check);
  window.__observer.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""
MARKS = "() => Object.fromEntries(Object.entries(window.__marks).map(([k, v]) => [k, (v - window.__click) / 1000]))"


def visit(page, link: str, ready: str) -> dict[str, float]:
    page.get_by_role("link", name="Home").click()
    page.get_by_text("What a GAN is").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the home page settled
    page.evaluate(WATCH)
    page.get_by_role("link", name=link).click()
    page.locator(ready).first.wait_for(timeout=90_000)
    page.wait_for_timeout(300)
    return page.evaluate(MARKS)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=4)
    p.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    args = p.parse_args()
    rows: dict[str, list[float]] = {}
    with app_page(root=args.root) as page:
        page.get_by_text("What a GAN is").wait_for(timeout=60_000)
        for _ in range(1 + args.repeats):
            for name, value in visit(page, "Harmonic GAN", ".st-key-harm_plane_main .main-svg").items():
                rows.setdefault(name, []).append(value)
            for name, value in visit(page, "Train", ".st-key-train_start button").items():
                if name.startswith("train"):
                    rows.setdefault(name, []).append(value)
    print(f"# {machine()}; serving {args.root}; seconds from the click on the link")
    for name, values in rows.items():
        later = values[1:] or values
        print(
            f"{name:18s} first visit {values[0]:5.2f} s   later visits median {statistics.median(later):5.2f} s, "
            f"worst {max(later):5.2f} s (n={len(later)})"
        )


if __name__ == "__main__":
    main()
