"""Every page's state in its URL: a widget made with `bind=URL` keeps its value in the page's
query string under its key (Streamlit drops a value equal to the default, and ignores one the
widget cannot take), so a link or a refresh reproduces the view. What a URL cannot carry (an
uploaded picture, a drawn digit) is not bound; a job is found again by its id (explorer/ui/jobs.py)."""

URL = "query-params"
