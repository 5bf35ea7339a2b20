"""GAN Explorer: a Streamlit app in which a class watches generative models learn."""

import os

# onnxruntime's library reports usage events to Microsoft (mobile.events.data.microsoft.com) from
# any process that loads it: the style page's fast networks, torch's ONNX export. A school's
# server must not call out; set before any of them loads it (tests/test_e2e.py watches the server's
# network during the offline lesson).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
