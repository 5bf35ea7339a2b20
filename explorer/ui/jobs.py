"""The pages' side of the job layer (explorer/jobs/): this server's one board, who this browser
is, which job a page shows, and the rules of a job's controls.

- The board: one per server process (`st.cache_resource`), shared by every session and page.
- The owner: a random id that this browser keeps in a cookie, so that after a refresh (a new
  Streamlit session with empty session state) it still owns its jobs. A link opened in another
  browser watches the job but does not control it.
- Which job a page shows: the id in the page's URL (a refresh, a reopened tab and a shared link
  find it), else the one this session showed last, else this browser's latest job of that kind.
- Who is still there: every session says, on each full run, who owns it and which jobs it shows;
  the board keeps the jobs of every connected session (its websocket is open: a hidden tab, whose
  timers the browser slows to one a minute, counts), and abandons the rest within a minute of the
  last tab closing (`JobBoard.abandon_after_s`).
- A control that throws work away asks first (`ask_first`).
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st
import torch
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from explorer.device import elsewhere
from explorer.jobs import ACTIVE, FAILED, PAUSED, QUEUED, RUNNING, STARTING, Job, JobBoard, cluster, device_budget
from explorer.jobs.board import ABANDON_AFTER_S, JobError
from explorer.ui import cookies, loaders, teacher
from explorer.ui.text import JOB_KINDS, said, t, tr
from explorer.words import said_by

OWNER_COOKIE = "gan_explorer_owner"
OWNER_KEY = "jobs_owner"  # session: this browser's owner id
ASK_KEY = "jobs_ask"  # session: the name of the question a dialog is asking, while it is open
_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
UNAVAILABLE_CHECK_S = 3.0  # how often a page that cannot reach the cluster's job service looks again
FORGET_SESSION_S = 600.0  # a session disconnected this long is not coming back (Streamlit's own TTL is shorter)


@dataclass
class _Session:
    owner: str
    shown: set[str] = field(default_factory=set)  # the jobs its latest full run showed
    connected_at: float = field(default_factory=time.monotonic)  # when it was last seen connected


@st.cache_resource(show_spinner=False)
def _sessions() -> tuple[dict[str, _Session], threading.Lock]:
    """Every session of this server that has run a page: session id → who and what."""
    return {}, threading.Lock()


def _looking() -> tuple[set[str], set[str]]:
    """(owners, job ids) of the connected sessions: the board keeps their jobs. Called by the
    board's watchdog thread."""
    sessions, lock = _sessions()
    server = runtime.get_instance() if runtime.exists() else None  # (none under AppTest: all count)
    now, owners, ids = time.monotonic(), set(), set()
    with lock:
        for sid, session in list(sessions.items()):
            if server is None or server.is_active_session(sid):
                session.connected_at = now
                owners.add(session.owner)
                ids |= session.shown
            elif now - session.connected_at > FORGET_SESSION_S:
                del sessions[sid]
    return owners, ids


def _this_session() -> _Session | None:
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    sessions, lock = _sessions()
    with lock:
        session = sessions.setdefault(ctx.session_id, _Session(owner()))
        session.owner = owner()
    return session


@st.cache_resource(show_spinner=False)
def board() -> JobBoard:
    """This server's board: its own (one server), or, with GAN_EXPLORER_RAY set to a Ray head's
    address, this replica's view of the cluster's one board (explorer/jobs/cluster/), with the same
    methods. GAN_EXPLORER_ABANDON_S: seconds after the last tab closes before a job is abandoned
    (ABANDON_AFTER_S by default; a load test shortens it to see the memory come back sooner)."""
    try:
        abandon_after_s = max(1.0, float(os.environ.get("GAN_EXPLORER_ABANDON_S", ABANDON_AFTER_S)))
    except ValueError:  # not a number: the default
        abandon_after_s = ABANDON_AFTER_S
    head = cluster.address()
    if head:
        from explorer.jobs.cluster.replica import ClusterBoard  # imports Ray: only for a cluster

        return ClusterBoard(head, looking=_looking, abandon_after_s=abandon_after_s, leave_lost_cluster=True)
    here = loaders.device()
    return JobBoard(device_budget(here), looking=_looking, abandon_after_s=abandon_after_s, device=str(here))


def device() -> torch.device:
    """What this server's trainings and paintings compute on: this machine's device, or, on a
    cluster, the cluster's (a GPU when one of its nodes has one, whatever this replica has)."""
    return elsewhere(board().device)


class Unavailable(JobError):
    """The cluster's job service cannot be reached: the message is the page's sentence."""


def start_error(error: JobError, key: str) -> str:
    """What a page says when a job could not start: the cluster's sentence, or the page's own
    words (`key`, with the error) for a job whose files could not be written."""
    said_here = said(said_by(error))
    return said_here if isinstance(error, Unavailable) else t(key, error=said_here)


def unavailable_note() -> None:
    """Above a job page, while the cluster's job service cannot be reached (one server: never);
    the page draws itself again, with its jobs, as soon as the service is back."""
    if board().unavailable:
        _unavailable_note()


@st.fragment(run_every=UNAVAILABLE_CHECK_S)
def _unavailable_note() -> None:
    if not board().unavailable:
        st.rerun(scope="app")
    st.warning(said(board().unavailable), icon=":material/cloud_off:")


def owner() -> str:
    """This browser's id: from its cookie, or a new one (given to the browser by `begin_run`)."""
    me = st.session_state.get(OWNER_KEY)
    if me is None:
        cookie = cookies.sent(OWNER_COOKIE)
        me = st.session_state[OWNER_KEY] = cookie if _ID.match(cookie) else secrets.token_urlsafe(16)
    return me


def begin_run() -> None:
    """Called first in every full run (the sidebar): this session says who it is (the board keeps
    its jobs while it is connected) and forgets what its previous run showed."""
    session = _this_session()
    if session is not None:
        session.shown = set()


def keep_owner_cookie() -> None:
    """The browser keeps its owner id for a year, so that a refresh still owns its jobs."""
    cookies.keep(OWNER_COOKIE, owner(), max_age_s=365 * 24 * 3600)


def mine(job: Job) -> bool:
    return JobBoard.owns(job, owner())


def find(kind: str, key: str, param: str | None = None) -> Job | None:
    """The job a page shows: the one in the URL (`param`), else this session's (`key`), else this
    browser's latest of `kind`; None when there is none. Marks it as looked at."""
    jobs = board()
    candidates = [st.query_params.get(param) if param else None, st.session_state.get(key)]
    job = next((j for j in map(jobs.get, candidates) if j is not None and j.kind == kind), None)
    job = job or jobs.latest(owner(), kind)
    if job is not None:
        keep_alive(job)
    return job


def attach(kind: str, key: str, param: str, *, note: bool = True, gone: str = "") -> Job | None:
    """`find`, and keep the found job's id in this session and in the page's URL (full runs only).
    While the cluster's job service cannot be reached the page says so, and keeps the URL's id:
    the job is found again once the service is back (`note`: False for a page's second look in one run).
    `gone`: the text key that says the URL's job is no longer on the server (a restart, or every tab
    closed), said once before the link drops it."""
    if note:
        unavailable_note()
    job = find(kind, key, param)
    if job is not None or not board().unavailable:
        linked = st.query_params.get(param)
        if gone and linked and (job is None or job.id != linked):
            st.info(t(gone), icon=":material/link_off:")
        show(job, key, param)
    return job


def show(job: Job | None, key: str, param: str) -> None:
    """Make `job` the one this page shows (None: no job)."""
    if job is None:
        st.session_state.pop(key, None)
        if param in st.query_params:
            del st.query_params[param]
        return
    st.session_state[key] = job.id
    if st.query_params.get(param) != job.id:
        st.query_params[param] = job.id


def submit(job: Job) -> None:
    """Queue `job` as this browser's (the teacher's go first). Raises explorer.jobs.board.JobError
    (its files could not be written), `Unavailable` for a cluster that cannot be reached."""
    if board().unavailable:
        raise Unavailable(said(board().unavailable))
    board().submit(job, owner(), first=teacher.unlocked())


def discard(job: Job | None) -> None:
    """Stop and forget a job of this browser's (someone else's job is only left alone)."""
    if job is not None and mine(job):
        board().discard(job)


def keep_alive(*shown: Job | None) -> None:
    """This run shows these jobs: kept while this session is connected, even if it is someone
    else's (a class watching the teacher's run keeps it, should the teacher's tab close)."""
    shown = tuple(j for j in shown if j is not None)
    for job in shown:
        board().look(job)
    session = _this_session()
    if session is not None:
        session.shown |= {j.id for j in shown}


def pause_and_stop(job: Job | None, pause, stop, *, prefix: str, words: dict[str, str]) -> None:
    """A job's Pause/Resume and Stop buttons, in the columns `pause` and `stop`, keyed
    "{prefix}_pause" and "{prefix}_stop"; only its owner's browser may press them. `words`: the
    labels for "pause", "resume" and "stop". One button (one key) says Pause or Resume: two keyed
    buttons would stand one above the other for a moment after a click, and the page would jump."""
    mine_ = job is not None and mine(job)
    state = job.state if mine_ else None  # someone else's job: watched, not controlled
    paused = state == PAUSED
    pause.button(
        words["resume"] if paused else words["pause"],
        icon=":material/resume:" if paused else ":material/pause:",
        on_click=(job.resume if paused else job.pause) if mine_ else None,
        key=f"{prefix}_pause",
        width="stretch",
        disabled=state not in (RUNNING, STARTING, QUEUED, PAUSED),
    )
    stop.button(
        words["stop"],
        icon=":material/stop:",
        on_click=job.stop if mine_ else None,
        disabled=state not in ACTIVE,
        key=f"{prefix}_stop",
        width="stretch",
    )


def state_note(job: Job, state: str, message: str, *, starting: str, ended: dict[str, str]) -> None:
    """Under a job's progress bar: why it failed, its place in the queue, what it is starting
    (`starting` until the worker says more), or a word for its state (`ended`: state → words) and
    what the worker last said."""
    message = said(message)
    if state == FAILED:
        st.error(message)
    elif state == QUEUED:
        queue_note(job)
    elif state == STARTING:
        st.caption(message or starting)
    else:  # "Paused · the data's source": the state's word first, apart from what the worker said
        word = ended.get(state, "")
        st.caption(" · ".join(filter(None, [f"**{word}**" if word else "", message])))


def watching_note(job: Job) -> None:
    if not mine(job):
        st.caption(t("jobs_watching"))


def queue_note(job: Job) -> None:
    own = board().waits_for_own(job)
    if own is not None:
        what = tr(JOB_KINDS[own.kind]) if own.kind in JOB_KINDS else own.title
        st.warning(t("jobs_waits_for_own", what=what), icon=":material/hourglass_top:")
        return
    position = board().position(job)
    if position:
        where = "jobs_queued_cluster" if cluster.address() else "jobs_queued"
        st.warning(t(where, n=position), icon=":material/hourglass_top:")


# --- asking before work is thrown away ----------------------------------------------------------------
def ask(question: str) -> None:
    """on_click of a control that throws work away: open the dialog that asks `question` (a key)."""
    st.session_state[ASK_KEY] = question


def ask_first(question: str, body: str, confirm: str, action: Callable[[], None]) -> None:
    """Draw the dialog for `question` while it is open: `action` runs on confirm. The question
    stays in session state until it is answered or dismissed, so that the dialog's buttons also
    work on a full rerun (AppTest) and not only on the dialog's own fragment rerun (a browser)."""
    if st.session_state.get(ASK_KEY) != question:
        return

    @st.dialog(t("jobs_ask_title"), on_dismiss=_dismiss)
    def dialog() -> None:
        st.markdown(body)
        yes, no = st.columns(2)
        if yes.button(confirm, type="primary", key=f"{question}_yes", width="stretch"):
            st.session_state.pop(ASK_KEY, None)
            action()
            st.rerun()
        if no.button(t("jobs_keep"), key=f"{question}_no", width="stretch"):
            _dismiss()
            st.rerun()

    dialog()


def _dismiss() -> None:
    st.session_state.pop(ASK_KEY, None)
