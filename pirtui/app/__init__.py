"""The Textual editor app and the parts it holds: safekeeping, the review views, the meeting mode."""
