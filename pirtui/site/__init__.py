"""`pirtui site`: a folder of reviews as a static web site, with no server (see `build`)."""
