"""Reusable editor widgets, installed as pirtui.widgets."""
