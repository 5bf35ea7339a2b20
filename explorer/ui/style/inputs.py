"""The Style page's pictures in: the photo, the painting and an optional second style, each from
a sample, an upload or the camera (and for styles, the fast network's built-in styles). Every file
goes through the app's one decoder; a bad one is a sentence beside its widget, never a traceback."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st
from PIL import Image

from explorer.formats.images import EXTENSIONS, PictureError
from explorer.style import fast, pictures
from explorer.ui import loaders
from explorer.ui.style.words import SOURCES
from explorer.ui.text import said, t, tr
from explorer.ui.url import URL
from explorer.words import said_by

Style = Image.Image | int  # a picture, or a built-in style's number


@dataclass(frozen=True)
class Chosen:
    picture: Style | None  # None: nothing usable chosen (the reason is shown)
    name: str  # for the settings file: "sample:chelsea", "upload:me.jpg", "camera", "builtin:7"
    digest: str  # identifies the picture (fast results are cached by it)


@st.cache_data(show_spinner=False, max_entries=32)
def _sample(name: str) -> Image.Image:
    return pictures.load_sample(name)


@st.cache_data(show_spinner=False, max_entries=16)
def _decode(data: bytes) -> Image.Image:
    """Uploads decoded once per content (a rerun does not decode a 12-MB photo again)."""
    return pictures.read_picture(data)


def picture_ui(
    role: str,
    *,
    samples: dict,
    builtin: bool = False,
    camera: bool = False,
    optional: bool = False,
    default: str | None = None,
) -> Chosen:
    """One picture's widgets (keys "st_{role}_…") → what was chosen."""
    sources = (
        (["none"] if optional else [])
        + ["sample", "upload"]
        + (["camera"] if camera else [])
        + (["builtin"] if builtin else [])
    )
    source = st.radio(
        t("st_source"),
        sources,
        horizontal=True,
        key=f"st_{role}_source",
        bind=URL,
        format_func=lambda s: tr(SOURCES[s]),
        label_visibility="collapsed",
    )
    if source == "none":
        return Chosen(None, "", "")
    if source == "sample":
        names = list(samples)
        name = st.selectbox(
            t("st_sample"),
            names,
            index=names.index(default) if default in names else 0,
            key=f"st_{role}_sample",
            bind=URL,
            format_func=lambda n: tr(samples[n].title),
        )
        picture = _sample(name)
        sample = samples[name]
        _thumb(picture, tr(sample.credit))
        return Chosen(picture, f"sample:{name}", f"sample:{name}")
    if source == "builtin":
        number = st.number_input(t("st_builtin"), 0, fast.BUILTIN - 1, 7, key=f"st_{role}_builtin", bind=URL)
        return Chosen(int(number), f"builtin:{int(number)}", f"builtin:{int(number)}")
    if source == "camera":
        shot = st.camera_input(t("st_camera"), key=f"st_{role}_camera")
        return _read(shot, "camera", thumb=False)  # the camera widget shows the photo itself
    upload = st.file_uploader(
        tr(SOURCES["upload"]),
        type=list(EXTENSIONS),
        key=f"st_{role}_upload",
        max_upload_size=loaders.upload_mb(pictures.UPLOAD_MB),
        help=t("st_upload_help", mb=loaders.upload_mb(pictures.UPLOAD_MB)),
        label_visibility="collapsed",
    )
    return _read(upload, f"upload:{upload.name}" if upload is not None else "")


def _read(file, name: str, *, thumb: bool = True) -> Chosen:
    if file is None:
        st.caption(t("st_need_picture"))
        return Chosen(None, "", "")
    data = file.getvalue()
    try:
        picture = _decode(data)
    except PictureError as error:
        st.error(t("st_bad_picture", name=getattr(file, "name", name), reason=said(said_by(error))))
        return Chosen(None, "", "")
    if thumb:
        _thumb(picture, f"{picture.width}×{picture.height}")
    return Chosen(picture, name, hashlib.sha1(data).hexdigest())


def _thumb(picture: Image.Image, caption: str) -> None:
    """Small: the results below are what the class looks at."""
    st.image(fast.fit(picture, 240), caption=caption, width=min(240, round(240 * picture.width / max(picture.size))))
