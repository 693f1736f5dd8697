"""The browser classroom: `zhanaozen serve`, a game per browser tab, driven by the same session."""
