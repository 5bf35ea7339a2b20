"""How fast does the Latent space page answer a slider? (issue 4: ≤ 100 ms on the server)

1. Server side, per shipped generator, in this process: what one slider move recomputes — the
   frame at t and the 9-frame strip (t or the seeds moved), or the 8-sample grid (a direction
   moved) — generation and PNG encoding, median and worst of --repeats.
2. Browser side: the app in Debian's headless Chromium on this same machine, the page drawn by the
   server (?engine=server; bench/latent_browser.py compares it with the page drawn in the browser);
   the t slider and a direction slider are clicked at new positions, timing from the click until
   the picture on the page has changed (its image URL), median and worst.

    python bench/latent_speed.py [--repeats 30] [--clicks 8]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from common import app_page, machine

from explorer.formats.images import grid_png
from explorer.gan import latent
from explorer.gan.catalogue import shipped_generators
from explorer.gan.persistence import load_generator


def server_side(repeats: int) -> None:
    for path, meta in shipped_generators():
        G, ckpt = load_generator(path)
        dim = ckpt["config"].latent_dim
        a, b = latent.seed_point(1, dim), latent.seed_point(2, dim)
        start = time.perf_counter()
        d = latent.principal_directions(G, dim, k=5)
        pca_s = time.perf_counter() - start
        walk, grid = [], []
        for i in range(repeats):
            start = time.perf_counter()
            with torch.no_grad():
                frame = G(latent.slerp(a, b, torch.tensor([i / repeats])))
                strip = G(latent.slerp(a, b, torch.linspace(0, 1, 9)))
            grid_png(frame, nrow=1, scale=8), grid_png(strip, nrow=9, scale=3)
            walk.append(time.perf_counter() - start)
            start = time.perf_counter()
            z = torch.randn(8, dim, generator=torch.Generator().manual_seed(0))
            with torch.no_grad():
                images = G(latent.truncate(z, 0.8) + (i / repeats) * d.spread[0] * d.vectors[0])
            grid_png(images, nrow=4, scale=4)
            grid.append(time.perf_counter() - start)
        print(
            f"{meta['name']:34s} walk (frame + strip) median {1e3 * statistics.median(walk):6.1f} ms  "
            f"worst {1e3 * max(walk):6.1f} ms | directions grid median {1e3 * statistics.median(grid):6.1f} ms  "
            f"worst {1e3 * max(grid):6.1f} ms | PCA once {pca_s:.2f} s"
        )


def browser_side(clicks: int) -> None:
    with app_page(viewport=(1400, 1100)) as page:
        page.goto(
            page.url.rstrip("/") + "/latent?engine=server"
        )  # drawn by the server (browser_side: latent_browser.py)
        page.get_by_text("From A to B").wait_for(timeout=60_000)
        page.wait_for_timeout(3000)
        for label, slider_key, image_index in (("t slider", "latent_t", 0), ("direction 1", "latent_d0", 2)):
            times = []
            for i in range(clicks):
                slider = page.locator(f".st-key-{slider_key}")
                slider.scroll_into_view_if_needed()  # the page is taller than the window
                box = slider.locator("div[style*='position: relative']").bounding_box()
                image = page.locator("[data-testid='stImage'] img").nth(image_index)
                before = image.get_attribute("src")
                x = box["x"] + box["width"] * (0.15 + 0.7 * ((i * 3) % clicks) / clicks)
                start = time.perf_counter()
                page.mouse.click(x, box["y"] + box["height"] / 2)
                deadline = start + 10
                while image.get_attribute("src") == before and time.perf_counter() < deadline:
                    page.wait_for_timeout(5)
                times.append(time.perf_counter() - start)
                page.wait_for_timeout(500)
            print(
                f"browser: {label:12s} click → new picture median {1e3 * statistics.median(times):6.0f} ms  "
                f"worst {1e3 * max(times):6.0f} ms  (n={clicks})"
            )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=30)
    p.add_argument("--clicks", type=int, default=8)
    args = p.parse_args()
    print(f"# {machine()}; Chromium on the same machine")
    server_side(args.repeats)
    browser_side(args.clicks)


if __name__ == "__main__":
    main()
