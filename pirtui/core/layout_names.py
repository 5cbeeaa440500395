"""The names other published postmortem layouts give the template's sections, columns and statuses.

Data only, in one place, so that the template files can take them over: the importer
(`pirtui.core.importer`) reads a review written in another layout (the Google SRE book's example,
Atlassian's, PagerDuty's, the collection in dastergon/postmortem-templates, a team's wiki page) into
the template through these tables. Names compare as `importer.heading_key` folds them (case,
punctuation and numbering ignored).
"""

from __future__ import annotations

SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "Executive Summary": (
        "Summary", "Overview", "Incident Summary", "Incident Overview", "Executive Overview", "TL;DR", "TLDR",
        "Abstract", "Synopsis", "Description", "Incident Description", "Background", "Issue Summary",
        "Summary of impact", "Brief description",
    ),
    "Root Cause Analysis": ("What caused the incident?", "Root Cause and Mitigation", "Analysis", "Causes and analysis"),
    "Timeline": (
        "Incident Timeline", "Timeline of Events", "Detailed Timeline", "Chronology", "Sequence of Events",
        "Events", "Timeline (all times UTC)", "Chain of Events", "Incident Timing Timeline",
    ),
    "Action Items": (
        "Corrective Actions", "Corrective and Preventative Actions", "Corrective and Preventive Measures",
        "Next Steps", "Follow-ups", "Follow Ups", "Follow-up Actions", "Follow-up Items", "Remediation",
        "Remediations", "Remediation Items", "Action Plan", "Tasks", "Preventive Actions", "Preventative Actions",
        "Corrective and Preventative Measures", "Action Items & Followups", "Action Items and Follow-ups",
        "Action Items and Followups", "Recommendations", "Follow-up", "Followups",
    ),
    "Lessons Learned": ("Lessons", "Learnings", "Key Learnings", "Takeaways", "Retrospective", "Lessons Learnt"),
    "Resolution": ("Resolution and Recovery", "Recovery", "Mitigation", "Fix", "Mitigation & Resolution",
                   "Mitigation and Resolution", "Resolution & Recovery"),
    "Detection and Response": ("Detection", "Response", "How'd We Do?", "How did we do?", "How We Did"),
    "Appendix": ("References and Links",),
}
"""Template section heading -> what other layouts call it (its whole content goes there)."""

SUBSECTION_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Root Cause Analysis", "Why It Happened"): (
        "Root Cause", "Root Causes", "Root Cause(s)", "Cause", "Causes", "Underlying Cause",
    ),
    ("Root Cause Analysis", "What Happened"): (
        "Trigger", "Triggers", "Trigger(s)", "What happened?", "Incident Details", "Outage Description",
        "Fault", "Incident Description",
    ),
    ("Root Cause Analysis", "Contributing Factors"): (
        "Contributing Factor", "Contributing Causes", "Contributing Conditions", "Contributing Conditions Analysis",
        "Process Breakdown(s)", "Process Breakdowns",
    ),
    ("Root Cause Analysis", "5 Whys Analysis"): ("Five whys", "5 whys", "Five Whys Analysis", "The five whys"),
    ("Resolution", "Immediate Actions Taken"): ("Immediate Actions", "Actions Taken", "Mitigation Steps"),
    ("Resolution", "Permanent Fix"): ("Long-term Fix", "Long Term Fix"),
    ("Detection and Response", "How Was the Incident Detected?"): ("How was it detected", "Detection Method"),
    ("Detection and Response", "What went well:"): (
        "What went well", "Things that went well", "What worked", "Went well",
    ),
    ("Detection and Response", "What could be improved:"): (
        "What went wrong", "What didn't go well", "What did not go well", "Things that went wrong",
        "What went poorly", "Went wrong", "Areas for improvement", "Could be improved", "What didn't go so well",
        "What did not go so well", "What could have gone better", "What went badly", "What didn't go well?",
    ),
    ("Detection and Response", "Luck / Near Misses:"): (
        "Where we got lucky", "We got lucky", "Got lucky", "Where did we get lucky", "Lucky", "Near misses",
    ),
    ("Lessons Learned", "What We Learned"): ("Lessons", "Learnings", "Key learnings"),
    ("Appendix", "References"): (
        "Links", "Related links", "Supporting documents", "Supporting Information", "Supporting material",
    ),
}
"""(template section, its H3 heading or bold lead) -> other layouts' names for it. A part with one of
these names, at any heading level and under any section, fills that part of the template."""

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "time": ("Time", "When", "Timestamp", "Time (UTC)", "Date/Time", "Date Time", "Datetime", "At"),
    "event": ("Event", "Description", "What happened", "Details", "Activity", "Action", "Notes", "Update",
              "Action/Impact", "Action / Impact", "Event/Action"),
    "action": ("Action", "Action Item", "Action item", "Description", "Task", "Item", "What", "Follow-up"),
    "owner": ("Owner", "Assignee", "Who", "Responsible", "DRI", "Assigned to"),
    "due": ("Due Date", "Due", "Deadline", "Target date", "ETA"),
    "status": ("Status", "State", "Done?"),
    "ticket": ("Ticket", "Bug", "Issue", "Link", "Jira", "JIRA", "Jira ticket", "Tracking", "Tracking bug",
               "Bug ID", "Bug #", "Issue link", "Reference", "Ticket #", "Issue #"),
    "priority": ("Priority", "Prio", "Severity"),
}
"""Template column key -> the titles other layouts give it (a zone in parentheses is read apart)."""

TIMELINE_ACTOR_COLUMNS = ("Who", "Who/What", "Actor", "Person", "By", "Source", "Author", "Owner")
"""Timeline columns that say who or what acted: written in front of the event ("lee: Cluster rejoined")."""

STATUS_WORDS: dict[str, str] = {
    "todo": "Open",
    "to do": "Open",
    "open": "Open",
    "not started": "Open",
    "done": "Done",
    "fixed": "Done",
    "complete": "Done",
    "completed": "Done",
    "closed": "Done",
    "wip": "In Progress",
    "in progress": "In Progress",
    "started": "In Progress",
    "blocked": "Blocked",
    "won't do": "Won't Do",
    "wont do": "Won't Do",
    "won't fix": "Won't Do",
    "wontfix": "Won't Do",
}
"""A status word written in any cell of an action row ("**DONE** Bug 4410021", "TODO") -> the status."""

CHECK_MARKS: dict[str, str] = {
    "✅": "Done", "✓": "Done", "✔": "Done", "✔️": "Done", "☑": "Done", "☑️": "Done", "[x]": "Done", "[X]": "Done",
    "☐": "Open", "[ ]": "Open", "❌": "Won't Do", "⏳": "In Progress", "🚧": "In Progress",
}
"""A mark written for a status -> the status."""

ZONE_PHRASES = (
    r"\(?\s*all times (?:are )?(?:in )?(?P<tz>[A-Za-z][\w/+\-]*(?: (?:Standard |Daylight )?Time)?)\s*\)?",
    r"\((?P<tz>UTC|GMT|Z|[A-Z]{2,5}|[A-Za-z]+/[A-Za-z_]+)\)",
)
"""How a heading or a column title names the zone of its times: "Timeline (all times UTC)",
"Time (UTC)", "Timeline (PST)"."""

ZONE_NAMES: dict[str, str] = {
    "pacific": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "pacific standard time": "America/Los_Angeles", "pacific daylight time": "America/Los_Angeles",
    "mountain": "America/Denver", "mountain time": "America/Denver",
    "central": "America/Chicago", "central time": "America/Chicago",
    "eastern": "America/New_York", "eastern time": "America/New_York",
    "eastern standard time": "America/New_York", "eastern daylight time": "America/New_York",
    "coordinated universal time": "UTC", "universal time": "UTC", "greenwich mean time": "Etc/GMT",
    "central european time": "Europe/Paris", "british summer time": "Europe/London",
}
"""A zone written out in words ("all times in Pacific Time") -> the IANA zone it means."""
