"""A drawing pad: the user draws a digit with a mouse, a finger or a pen, and Python gets a PNG.

A Streamlit custom component (components v2, inline JavaScript: nothing to build or download,
so it works offline). The picture reaches Python when a stroke ends, not while it is drawn, so
drawing costs no server round trips. "Clear" empties the pad and tells Python it is empty.
"""

from __future__ import annotations

import base64
import binascii

import streamlit as st

SIDE = 280  # CSS pixels; the PNG is this size too, and is reduced to 28×28 by digit_from_picture

_HTML = f"""
<div class="pad">
  <canvas width="{SIDE}" height="{SIDE}" aria-label="drawing pad" data-testid="drawing-pad"></canvas>
  <button type="button" class="clear">Clear</button>
</div>
"""

_CSS = f"""
.pad {{ display: flex; flex-direction: column; align-items: flex-start; gap: 0.4rem; }}
canvas {{
  width: {SIDE}px; height: {SIDE}px; max-width: 100%;
  background: #fff; border: 1px solid var(--st-border-color, #ccc); border-radius: 0.5rem;
  cursor: crosshair; touch-action: none;
}}
button {{
  font: inherit; padding: 0.25rem 0.8rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid var(--st-border-color, #ccc); background: var(--st-background-color, #fff);
  color: var(--st-text-color, #000);
}}
"""

# Black ink on white paper, a round pen about a tenth of the side wide (MNIST strokes are ~2-3 px
# of 28). The label of the button comes from Python (the page's language).
_JS = """
export default function (component) {
  const { parentElement, setStateValue, data } = component;
  const canvas = parentElement.querySelector("canvas");
  const clear = parentElement.querySelector("button.clear");
  clear.textContent = (data && data.clear) || "Clear";
  const pen = canvas.getContext("2d");
  const blank = () => { pen.fillStyle = "#fff"; pen.fillRect(0, 0, canvas.width, canvas.height); };
  if (!canvas.dataset.ready) { blank(); canvas.dataset.ready = "1"; }
  pen.lineCap = "round"; pen.lineJoin = "round"; pen.strokeStyle = "#000";
  pen.lineWidth = canvas.width / 12;
  let last = null;
  const at = (e) => {
    const box = canvas.getBoundingClientRect();
    return [(e.clientX - box.left) * canvas.width / box.width, (e.clientY - box.top) * canvas.height / box.height];
  };
  const down = (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
    pen.beginPath(); pen.arc(last[0], last[1], pen.lineWidth / 2, 0, 2 * Math.PI); pen.fillStyle = "#000"; pen.fill();
  };
  const move = (e) => {
    if (!last) return;
    const p = at(e);
    pen.beginPath(); pen.moveTo(last[0], last[1]); pen.lineTo(p[0], p[1]); pen.stroke();
    last = p;
  };
  const up = () => {
    if (!last) return;
    last = null;
    setStateValue("png", canvas.toDataURL("image/png"));
  };
  canvas.addEventListener("pointerdown", down);
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  const wipe = () => { blank(); setStateValue("png", null); };
  clear.addEventListener("click", wipe);
  return () => {
    canvas.removeEventListener("pointerdown", down);
    canvas.removeEventListener("pointermove", move);
    canvas.removeEventListener("pointerup", up);
    canvas.removeEventListener("pointercancel", up);
    clear.removeEventListener("click", wipe);
  };
}
"""

_pad = st.components.v2.component("gan_explorer.drawing_pad", html=_HTML, css=_CSS, js=_JS)

PREFIX = "data:image/png;base64,"


def drawing_pad(key: str, clear_label: str = "Clear", on_change=lambda: None) -> bytes | None:
    """Show the pad; the PNG bytes of what is drawn on it, or None while it is empty."""
    result = _pad(key=key, data={"clear": clear_label}, on_png_change=on_change)
    return png_bytes(getattr(result, "png", None))


def png_bytes(url: object) -> bytes | None:
    """The PNG inside a `data:` URL from the pad; None for anything else (an empty pad)."""
    if not isinstance(url, str) or not url.startswith(PREFIX):
        return None
    try:
        return base64.b64decode(url[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return None
