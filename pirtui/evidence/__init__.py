"""Timeline rows from the evidence of an incident: chat, pager, alert and log exports.

Each source format has its own module that reads a file's text into candidate rows and the lines it
could not read (`pirtui.evidence.rows`); `detect` picks the format, `merge` converts the times into
the review's time zone and merges the rows into its timeline by their absolute instants, and `same`
tells when several sources saw one page. Nothing here imports Textual: the
command line (`pirtui.evidence.cli`) and the editor's "Add from evidence" dialog share it.
"""
