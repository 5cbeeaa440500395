"""pirtui tests."""
