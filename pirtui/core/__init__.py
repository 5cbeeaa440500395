"""The review document without a terminal: the model, its files, render, checks, hints and import."""
