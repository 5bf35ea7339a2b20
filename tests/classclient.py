"""A student's browser as the Streamlit server sees it: a websocket client that speaks Streamlit's
own protocol (protobuf BackMsg out, ForwardMsg in), for load tests of one `streamlit run` server
(tests/test_load.py, bench/class_load.py). Thirty Chromium tabs would need more than this 2-core
machine has just to draw; the server cannot tell this client from one.

What it does as a browser would: opens the websocket with the XSRF cookie, runs pages (a full
rerun with the page's hash and query string), sends widget values (only the widgets it changed:
the server keeps the rest), presses buttons, uploads files through the upload URLs the server
hands out (PUT, with the XSRF header), and reruns the fragments the server asks to be rerun on a
timer (`auto_rerun`), so a page that polls a job costs the server what a real tab costs it.
It records every answer's time, every text the pages show, and every error the server shows (an
exception element, an error sentence of the app's, a disconnect, an answer that never comes).
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLsRequest, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STEP = re.compile(r"\bstep (\d[\d,]*)")  # "… · step 1,234 · …" in a job's status or progress line
FULL, FRAGMENT = ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


class NoAnswer(RuntimeError):
    """The server did not finish a run in time."""


@dataclass
class Student:
    url: str  # http://host:port
    name: str = "student"
    timeout_s: float = 120.0
    errors: list[str] = field(default_factory=list)  # what went wrong, in words
    answers: list[tuple[str, float]] = field(default_factory=list)  # (what was asked, seconds to the answer)
    texts: list[str] = field(default_factory=list)  # the markdown/caption/alert texts of the latest run
    shown: list[tuple[float, str]] = field(default_factory=list)  # (when, text) of every run, fragments' too
    said: list[str] = field(default_factory=list)  # every error sentence the app showed (st.error), in any run
    stalled: Callable[[str], None] | None = None  # called when a request got no answer in time (with what it was)

    def __post_init__(self) -> None:
        self._ws = None
        self._pages: dict[str, str] = {}  # url_pathname → page_script_hash
        self._page = ""
        self._query = ""
        self._ids: dict[str, str] = {}  # widget key → element id, from the latest runs
        self._in_fragment: dict[str, str] = {}  # widget key → the fragment it was drawn in ("" for none)
        self._kept: dict[str, WidgetState] = {}  # the widgets this student has set, as the browser keeps them
        self._finished: asyncio.Queue | None = None
        self._fragments: dict[str, float] = {}  # fragment id → interval (s) of its auto-rerun
        self._file_urls: dict[str, asyncio.Future] = {}
        self._tasks: list[asyncio.Task] = []
        self._cookie = ""
        self._xsrf = ""
        self.session_id = ""
        self.query = ""  # the query string the app last gave this tab's URL
        self.config = None  # the server's settings for the browser (NewSession.config)
        self.closed = False

    # --- connection ------------------------------------------------------------------------------
    async def connect(self) -> None:
        """Ask the server's health (its answer sets the XSRF cookie) and open the websocket, as a browser does."""

        def get() -> str:
            with urllib.request.urlopen(self.url + "/_stcore/health", timeout=self.timeout_s) as answer:
                return "; ".join(answer.headers.get_all("Set-Cookie") or [])

        cookies = SimpleCookie()
        cookies.load(await asyncio.to_thread(get))
        self._xsrf = cookies["_streamlit_xsrf"].value if "_streamlit_xsrf" in cookies else ""
        self._cookie = "; ".join(f"{k}={v.value}" for k, v in cookies.items())
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        self._ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit", self._xsrf or "PLACEHOLDER_AUTH_TOKEN"],
            additional_headers={"Cookie": self._cookie, "Origin": self.url},
            max_size=None,
            open_timeout=self.timeout_s,
            ping_interval=None,
        )
        self._finished = asyncio.Queue()
        self._tasks.append(asyncio.create_task(self._read()))

    async def close(self) -> None:
        """Close the tab."""
        self.closed = True
        for task in self._tasks:
            task.cancel()
        if self._ws is not None:
            await self._ws.close()

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._take(msg)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the connection broke
            if not self.closed:
                self.errors.append(f"{self.name}: connection lost: {error}")
        finally:
            if not self.closed and self._finished is not None:
                self._finished.put_nowait(None)

    def _take(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id
            self.config = msg.new_session.config
            # Learnt, never replaced: a fragment's run lists only the main script (st.navigation does
            # not run then); a client that took that list sent its next run without the page, and the
            # server drew Home instead (as a browser, which keeps its page, never sees).
            for page in msg.new_session.app_pages:
                self._pages.setdefault(page.url_pathname, page.page_script_hash)
        elif kind == "navigation":
            self._pages.update({p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages})
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            what = element.WhichOneof("type")
            proto = getattr(element, what)
            if what == "exception":
                self.errors.append(f"{self.name}: exception on the page: {proto.type}: {proto.message}")
            elif what == "progress":  # a job's progress line (the Train page's epoch, step, speed)
                self.shown.append((time.perf_counter(), proto.text))
            elif what in ("markdown", "alert"):
                self.texts.append(proto.body)
                self.shown.append((time.perf_counter(), proto.body))
                if what == "alert" and proto.format == 1:  # ERROR: a sentence the app shows on a problem
                    self.texts.append(f"[error] {proto.body}")
                    self.said.append(proto.body)
            element_id = getattr(proto, "id", "") if proto.DESCRIPTOR.fields_by_name.get("id") else ""
            if element_id.startswith("$$ID-"):
                key = element_id.split("-", 2)[2]
                self._ids[key] = element_id
                self._in_fragment[key] = msg.delta.fragment_id  # a change reruns only this fragment, as in a browser
        elif kind == "page_info_changed":  # the app wrote its URL (a job's id, a bound widget)
            self._query = self.query = msg.page_info_changed.query_string  # sent with the next run, as a browser does
        elif kind == "script_finished":
            self._finished.put_nowait(msg.script_finished)
        elif kind == "auto_rerun":
            fresh = msg.auto_rerun.fragment_id not in self._fragments
            self._fragments[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            if fresh:
                self._tasks.append(asyncio.create_task(self._auto(msg.auto_rerun.fragment_id)))
        elif kind == "stop_auto_rerun":  # (a full run starts: the fragments of the new run say again)
            self._fragments.clear()
        elif kind == "file_urls_response":
            future = self._file_urls.pop(msg.file_urls_response.response_id, None)
            if future is not None and not future.done():
                future.set_result(msg.file_urls_response)

    async def _auto(self, fragment_id: str) -> None:
        """Rerun a fragment on its timer while the server says so, as the browser does."""
        while fragment_id in self._fragments and not self.closed:
            await asyncio.sleep(self._fragments.get(fragment_id, 1.0))
            if fragment_id in self._fragments and not self.closed:
                await self._send(fragment_id=fragment_id, auto=True)

    # --- runs ------------------------------------------------------------------------------------
    async def _send(self, *, fragment_id: str = "", auto: bool = False, extra: list[WidgetState] = ()) -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self._query
        state.page_script_hash = self._pages.get(self._page, "")
        state.page_name = self._page
        state.widget_states.widgets.extend(list(self._kept.values()) + list(extra))
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = auto
        await self._ws.send(msg.SerializeToString())

    async def _run(self, what: str, extra: list[WidgetState] = (), fragment_id: str = "") -> float:
        """A full rerun, or a rerun of the fragment `fragment_id` (a widget in it changed); seconds
        until it finished. Runs of other fragments (on their timers) that end meanwhile are not it."""
        while not self._finished.empty():
            self._finished.get_nowait()
        self.texts = []
        start = time.perf_counter()
        await self._send(extra=extra, fragment_id=fragment_id)
        wanted = (FRAGMENT,) if fragment_id else (FULL, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
        deadline = start + self.timeout_s
        while True:
            try:
                done = await asyncio.wait_for(self._finished.get(), max(0.01, deadline - time.perf_counter()))
            except TimeoutError:
                self.errors.append(f"{self.name}: no answer to {what} within {self.timeout_s:.0f} s")
                if self.stalled is not None:
                    self.stalled(what)
                raise NoAnswer(what) from None
            if done is None:
                raise NoAnswer(what)
            if done in wanted:  # (the end of a run carries no fragment id: a widget in a fragment is timed
                break  # on pages without fragments on timers, such as the Latent page)
        seconds = time.perf_counter() - start
        self.answers.append((what, seconds))
        return seconds

    async def open(self, page: str = "", query: str = "") -> float:
        """Go to a page ("" is Home; "train", "latent", …) with a query string, as a click on its link."""
        if self._ws is None:
            await self.connect()
        self._page, self._query, self._kept = page, query, {}
        self._fragments.clear()  # the tab leaves the page: its fragments' timers stop
        if not self._pages:  # the first run tells us the pages
            await self._run("home")
        return await self._run(f"open {page or 'home'}")

    def _id(self, key: str) -> str:
        try:
            return self._ids[key]
        except KeyError:
            raise KeyError(f"{self.name}: no widget {key!r} on the page {self._page!r}") from None

    async def set(self, key: str, what: str = "", **value) -> float:
        """Set a widget, e.g. set("train_fast_epochs", int_value=7); seconds to the answer."""
        state = WidgetState(id=self._id(key), **value)
        self._kept[key] = state
        return await self._run(what or f"set {key}", fragment_id=self._in_fragment.get(key, ""))

    async def slide(self, key: str, value: float, what: str = "") -> float:
        """Move a slider (or a select_slider by its option's index) and let go."""
        state = WidgetState(id=self._id(key))
        state.double_array_value.data.append(value)
        self._kept[key] = state
        return await self._run(what or f"slide {key}", fragment_id=self._in_fragment.get(key, ""))

    async def click(self, key: str, what: str = "") -> float:
        return await self._run(
            what or f"click {key}",
            extra=[WidgetState(id=self._id(key), trigger_value=True)],
            fragment_id=self._in_fragment.get(key, ""),
        )

    async def upload(self, key: str, name: str, data: bytes, what: str = "") -> float:
        """Upload one file into a file_uploader, as the browser does: ask for URLs, PUT, then rerun."""
        request_id = uuid.uuid4().hex
        future = asyncio.get_running_loop().create_future()
        self._file_urls[request_id] = future
        msg = BackMsg(
            file_urls_request=FileURLsRequest(request_id=request_id, file_names=[name], session_id=self.session_id)
        )
        await self._ws.send(msg.SerializeToString())
        answer = await asyncio.wait_for(future, self.timeout_s)
        urls = answer.file_urls[0]
        await asyncio.to_thread(self._put, urls.upload_url, name, data)
        info = UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id, file_urls=urls)
        state = WidgetState(id=self._id(key))
        state.file_uploader_state_value.uploaded_file_info.append(info)
        self._kept[key] = state
        return await self._run(what or f"upload {name}")

    def _put(self, path: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = path if path.startswith("http") else self.url + path
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": self._cookie,
                "X-Xsrftoken": self._xsrf,
                "Origin": self.url,
            },
        )
        with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
            if response.status >= 300:
                raise RuntimeError(f"upload answered {response.status}")

    def has_widget(self, key: str) -> bool:
        return key in self._ids

    async def until(self, text: str, what: str, since: float = 0.0) -> float:
        """Wait until the page shows `text` (a job it started has got somewhere: the server reruns
        the page by itself); seconds since `since`, or since now."""
        start = since or time.perf_counter()
        while not self.saw(text, since=start):
            if time.perf_counter() - start > self.timeout_s:
                last = " | ".join(shown[:80] for _, shown in self.shown[-4:])
                self.errors.append(
                    f"{self.name}: the page did not show {text!r} ({what}) within {self.timeout_s:.0f} s; "
                    f"it showed last: {last}"
                )
                raise NoAnswer(what)
            await asyncio.sleep(0.1)
        seconds = time.perf_counter() - start
        self.answers.append((what, seconds))
        return seconds

    def saw(self, text: str, since: float = 0.0) -> bool:
        """Whether any run since `since` (perf_counter) showed `text`, in any text or progress line."""
        return any(text in shown for when, shown in self.shown if when >= since)

    def steps(self, since: float = 0.0) -> list[int]:
        """The step counts the pages' status and progress lines showed since `since`, in order: a
        job that moves shows more than one."""
        return [
            int(m.group(1).replace(",", ""))
            for when, shown in self.shown
            if when >= since
            for m in STEP.finditer(shown)
        ]

    def says(self, text: str) -> bool:
        """Whether the latest full run showed `text` in a markdown, caption or alert."""
        return any(text in t for t in self.texts)
