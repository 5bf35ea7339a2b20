"""Where the files the app ships live, in one place: moving a module must not silently lose the
judge or the generators (tests/test_paths.py checks that each of these exists)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout (the app is installed editable)
CHECKPOINTS = ROOT / "checkpoints"  # generators made by `python -m explorer ship`, and the judge
JUDGE = CHECKPOINTS / "judge.pt"  # the digit judge (`python -m explorer train-judge`)
STYLE_VGG16 = CHECKPOINTS / "vgg16-style.pt"  # style transfer's offline loss network (`python -m explorer ship-vgg16`)
PAGES = ROOT / "pages"  # the page scripts explorer/app.py navigates over
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"  # server settings: the upload cap, the theme
STATIC = ROOT / "explorer" / "static"  # served by Streamlit at app/static/ (server.enableStaticServing)
WEB_RUNTIME = STATIC / "onnxruntime-web"  # the browser's ONNX runtime (npm onnxruntime-web, MIT), vendored
WEB_MODELS = STATIC / "models"  # the shipped generators and the judge as ONNX graphs (explorer/formats/web.py)
WEB_LIVE = STATIC / "live"  # live runs' graphs, one per weights version, made on demand (not committed)
