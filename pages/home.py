"""Home: what a GAN is, the data, the lesson presets and the digit judge."""

import streamlit as st

from explorer.formats.images import grid_png
from explorer.gan.presets import PRESETS
from explorer.i18n import Number
from explorer.ui import loaders
from explorer.ui.text import said, t, tr

st.title("GAN Explorer")
st.markdown(t("tagline"))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("what_is_gan"))
    st.markdown(t("gan_body"))
    st.markdown(f"**{t('losses')}**")
    st.latex(r"\mathcal{L}_D = -\log D(x) - \log\bigl(1 - D(G(z))\bigr)")
    st.latex(r"\mathcal{L}_G = -\log D(G(z))")
    st.caption(t("losses_note"))
with right:
    st.subheader(t("real_digits"))
    digits = loaders.offline_mnist()
    st.image(grid_png(digits.images[::79][:64], nrow=8, scale=3), output_format="PNG")
    st.caption(said(digits.source))

st.subheader(t("presets"))
st.markdown("\n".join(f"- **{tr(p.title)}** — {tr(p.plain)}" for p in PRESETS.values()))
with st.expander(t("details")):
    st.markdown("\n".join(f"- **{tr(p.title)}** (`{n}`) — {tr(p.source)}" for n, p in PRESETS.items()))

st.subheader(t("judge"))
st.markdown(t("judge_body"))
info = loaders.judge_info()
if "mnist_test_accuracy" in info:
    st.caption(
        t(
            "judge_stats",
            acc=Number(info["mnist_test_accuracy"], 1, percent=True),
            score=Number(info["mnist_test_quality"]["inception_score"], 2),
        )
    )

st.subheader(t("cli"))
st.code(
    "python -m explorer train --time-budget 120 --out run.pt\n"
    "python -m explorer sample --checkpoint run.pt --n 5000 --out samples.npy\n"
    "python -m explorer score --samples samples.npy\n"
    "python -m explorer harmonic --time-budget 10 --out points.npy",
    language="bash",
)
