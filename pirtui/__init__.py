"""pirtui: a keyboard-first terminal editor for post-incident reviews."""

__version__ = "0.1.0"
