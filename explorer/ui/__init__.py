"""Streamlit-facing code: cached loaders, the sidebar, texts and renderers. The core never imports it."""
