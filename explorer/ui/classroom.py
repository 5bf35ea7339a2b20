"""The classroom: the teacher's run on every screen, and pages with controls hidden (as TensorFlow
Playground does).

- Share: the teacher's running job (a training, a harmonic game, a painting) gets a link and a QR
  code to show on the projector. A student who opens it watches the same job: the page reads the
  job's one snapshot like its owner's page does (nothing is computed per watcher) and, not owning
  it, shows its controls disabled (explorer/ui/jobs.py).
- Hide: the teacher picks controls of the page to hide and gets a link (`?hide=…`) that opens the
  page with them hidden. Hidden, not removed: what they are set to (the link carries every bound
  widget's value) still counts. The choice stays for the session, so a student who moves to
  another page and back still sees the page the teacher meant.

Links are made with the server's address on the local network, not "localhost" (what the teacher's
own browser may show): `GAN_EXPLORER_URL` when set (`python -m explorer classroom` sets it), else
the address the teacher's browser used, else this machine's LAN address.
"""

from __future__ import annotations

import io
import os
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from explorer.classroom import URL_ENV
from explorer.jobs import Job
from explorer.network import lan_address
from explorer.ui import jobs, teacher
from explorer.ui.text import lang, t

HIDE_PARAM = "hide"
HIDDEN_KEY = "classroom_hidden"  # session: page → the groups hidden on it


def _keys(*keys: str) -> list[str]:
    return [f".st-key-{k}" for k in keys]


# What the teacher can hide, per page (its url_path): a group → (the words that name it, CSS selectors).
CONTROLS: dict[str, dict[str, tuple[str, list[str]]]] = {
    "train": {
        "dataset": ("dataset", _keys("train_dataset", "train_upload", "train_picture_size")),
        "recipe": ("preset", ['[class*="st-key-train_preset"]']),
        "epochs": ("epochs", ['[class*="st-key-train_"][class*="_epochs"]']),
        "hyper": ("hyper", _keys("train_hyper")),
        "exports": ("exports", ['[class*="st-key-train_dl_"]']),
    },
    "latent": {
        "generator": ("latent_generator", _keys("latent_gen")),
        "walk": ("latent_walk", _keys("latent_walk_section")),
        "project": ("latent_project", _keys("latent_project_section")),
        "directions": ("latent_directions", _keys("latent_directions_section")),
        "arithmetic": ("latent_arithmetic", _keys("latent_arithmetic_section")),
        "path": ("latent_path", _keys("latent_path_section")),
    },
    "harmonic": {
        "recipe": ("harm_recipe", _keys("harm_preset")),
        "curve": (
            "harm_curve_kind",
            _keys("harm_kind", "harm_amplitude", "harm_frequency", "harm_phase", "harm_harmonics", "harm_noise"),
        ),
        "epochs": ("harm_epochs", ['[class*="st-key-harm_epochs_"]']),
        "compare": ("harm_compare", _keys("harm_compare")),
        "rates": ("class_rates", _keys("harm_lr_d", "harm_lr_g", "harm_d_steps")),
        "what": ("harm_train_what", _keys("harm_phases")),
        "speed": ("harm_speed", _keys("harm_speed")),
    },
    "style": {
        "style2": ("st_style2", _keys("st_style2_column", "st_blend")),
        "weights": ("class_weights", ['[class*="st-key-st_"][class*="_weight"]']),
        "layers": ("st_style_layers", _keys("st_style_layers", "st_content_layers")),
        "budget": ("class_size_time", _keys("st_size", "st_budget", "st_steps", "st_seconds")),
        "optimizer": ("st_optimizer", _keys("st_init", "st_seed", "st_optimizer", "st_coarse", "st_style_scale")),
        "network": ("st_network", _keys("st_network", "st_net_path")),
        "fast": ("st_settings_fast", _keys("st_strength", "st_fast_size")),
    },
}


# --- addresses ---------------------------------------------------------------------------------------
def base_url() -> str:
    """The address students type or scan, without a trailing slash: "http://192.168.1.20:8501"."""
    configured = os.environ.get(URL_ENV, "").strip().rstrip("/")
    if configured:
        return configured
    seen = urlsplit(st.context.url or "")
    host = seen.hostname or ""
    if host in ("", "localhost", "127.0.0.1", "::1", "0.0.0.0"):
        host = lan_address()
    port = seen.port or st.get_option("server.port")
    return f"{seen.scheme or 'http'}://{host}:{port}"


def link(page: str, params: dict[str, str]) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return f"{base_url()}/{page}" + (f"?{query}" if query else "")


def language() -> dict[str, str]:
    """The page's language as its link carries it (English, the default, is left out)."""
    code = lang()
    return {"lang": code} if code != "en" else {}


def qr_png(url: str) -> bytes:
    """A QR code of `url` that a phone reads off a projector across a classroom."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def _show_link(url: str) -> None:
    st.code(url, language=None, wrap_lines=True)
    st.image(qr_png(url), width=240, caption=t("class_scan"))


# --- sharing a job -----------------------------------------------------------------------------------
def share_ui(job: Job | None, page: str, param: str) -> None:
    """The teacher's "Show the class" button for their own job: its link and QR code."""
    if job is None or not jobs.mine(job) or not teacher.unlocked():
        return
    with st.popover(t("class_share"), icon=":material/co_present:", width="stretch"):
        st.caption(t("class_share_help"))
        _show_link(link(page, {param: job.id, **language()}))


# --- hiding controls ---------------------------------------------------------------------------------
def hide_controls(page: str) -> None:
    """Hide this page's controls named in the link (`?hide=recipe,hyper`) or earlier in this session."""
    groups = CONTROLS.get(page, {})
    hidden = st.session_state.setdefault(HIDDEN_KEY, {})
    asked = st.query_params.get(HIDE_PARAM)
    if asked is not None:
        hidden[page] = [g for g in asked.split(",") if g in groups]
    chosen = hidden.get(page, [])
    if chosen:
        selectors = ", ".join(s for g in chosen for s in groups[g][1])
        st.html(f"<style>{selectors} {{ display: none !important; }}</style>")


def panel_ui(page: str) -> None:
    """The teacher's classroom panel for this page: which controls to hide, and the link that does it."""
    groups = CONTROLS.get(page)
    if not groups:
        st.caption(t("class_nothing_to_hide"))
        return
    chosen = st.multiselect(
        t("class_hide"),
        list(groups),
        format_func=lambda g: t(groups[g][0]),
        key=f"class_hide_{page}",
        help=t("class_hide_help"),
    )
    params = {k: v for k, v in st.query_params.to_dict().items() if k != HIDE_PARAM}
    params[HIDE_PARAM] = ",".join(chosen)
    params.update(language())
    _show_link(link(page, params))
