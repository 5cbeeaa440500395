"""Screens of the pirtui editor, installed as pirtui.screens."""
