"""The review meeting: agenda, captures and summary, and the beacon that followers read."""
