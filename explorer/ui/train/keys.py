"""What the Train page keeps between runs of its script: its session-state keys, its URL's
parameters and the names of its live view's fragments (the widgets' own keys are "train_*").

- RUN_KEY / RUN_PARAM: the id of the run the page shows, in the session and in the URL (?run=…).
- DRAWN_KEY: what the last full run drew the controls and the downloads for (view.py).
- START_ERROR_KEY: why Start failed.
- VIEW_KEY: the Timeline, which epoch the grid and the charts show (timeline.py).
- PLAYBACK_KEY / PLAYBACK_PARAM: a recorded run being played (recordings.py; ?replay=…).
- PICTURES_FRAGMENT, CHARTS_FRAGMENT: the live view's two polling fragments, which a timeline
  change redraws without the rest of the page.
"""

RUN_KEY, RUN_PARAM = "train_job", "run"
DRAWN_KEY, START_ERROR_KEY, VIEW_KEY = "train_drawn", "train_start_error", "train_view"
PLAYBACK_KEY, PLAYBACK_PARAM = "train_playback", "replay"
PICTURES_FRAGMENT, CHARTS_FRAGMENT = "train_pictures_view", "train_charts_view"
