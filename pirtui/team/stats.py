"""Trends across a team's reviews, per month or quarter: what `pirtui stats` and the stats view show.

Per period (of each incident's start): incidents by severity; median and 90th percentile of the
four detection metrics (time to detect, to first responder, to mitigate, to resolve: see
`pirtui.core.computed.METRICS`); action items opened, done and overdue, and the completion rate by
priority. Over all reviews: the most frequent impacted services and contributing-factor words.
Reviews that cannot be placed or measured are counted where they can be and named where they
cannot ("3 reviews have no time to detect"); a metric from an approximate time ("~14:30") counts,
and the number of such values is given.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from pirtui.core.computed import METRICS, is_open, overdue, status_word
from pirtui.team.records import ReviewRecord
from pirtui.core.model import PRIORITIES, SEVERITIES

METRIC_LABELS: dict[str, str] = {
    "impact_to_detection": "time to detect",
    "detection_to_response": "time to first responder",
    "response_to_mitigation": "time to mitigate",
    "mitigation_to_resolution": "time to resolve",
}
"""Each detection metric as the stats name it (each runs from the milestone before it)."""

TOP = 10
"""How many services and words are listed."""

STOP_WORDS = frozenset(
    "the a an and or of to in on for with was were is are be been not no nor by at as from that this "
    "it its into than too too our we they their there which who when while after before during did "
    "does had has have but all any some more most very can could would should will only also "
    "minute minutes hour hours time times".split()
)
"""Words too common to say anything about why incidents happen."""


def period_of(day: date, by: str) -> str:
    """The period a day falls in: "2024-01" by month, "2024-Q1" by quarter."""
    if by == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}-{day.month:02d}"


def periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period from `first` to `last` (as `period_of` names them), none left out: a chart's
    x-axis is then a time axis, a quiet month a gap at its place (issue 25 item 12)."""
    def start(name: str) -> date:
        year, part = name.split("-")
        month = (int(part[1:]) - 1) * 3 + 1 if by == "quarter" else int(part)
        return date(int(year), month, 1)

    names, day, end = [], start(first), start(last)
    step = 3 if by == "quarter" else 1
    while day <= end:
        names.append(period_of(day, by))
        month = day.month - 1 + step
        day = date(day.year + month // 12, month % 12 + 1, 1)
    return names


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of some minutes, and how many values (and approximate ones) they rest on."""

    count: int = 0
    approximate: int = 0
    median: float | None = None
    p90: float | None = None


def spread(values: list[float], approximate: int = 0) -> Spread:
    """The median and 90th percentile (inclusive method: within the values' range) of minutes."""
    if not values:
        return Spread()
    p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
    return Spread(len(values), approximate, statistics.median(values), p90)


@dataclass(frozen=True)
class ActionCounts:
    """Action items of a set of reviews: opened (all), done, won't do, overdue today."""

    opened: int = 0
    done: int = 0
    wont_do: int = 0
    overdue: int = 0

    @property
    def completion(self) -> float | None:
        """Done as a share of the items that were to be done (Won't Do ones excluded); None for none."""
        wanted = self.opened - self.wont_do
        return self.done / wanted if wanted else None


@dataclass(frozen=True)
class PeriodStats:
    """One month or quarter."""

    period: str
    incidents: int
    by_severity: dict[str, int]
    """Incidents per severity (SEV-1..3, "other" for anything else, "none" when not set)."""
    metrics: dict[str, Spread]
    actions: ActionCounts
    by_priority: dict[str, ActionCounts]
    """Action items per priority (P1..P3, "other")."""


@dataclass(frozen=True)
class TeamStats:
    """Everything `pirtui stats` reports."""

    by: str
    periods: list[PeriodStats]
    reviews: int
    """Readable reviews counted."""
    services: list[tuple[str, int]]
    """Most frequent impacted services: (name, incidents)."""
    factor_words: list[tuple[str, int]]
    """Most frequent words of the contributing factors: (word, incidents)."""
    undated: list[str] = field(default_factory=list)
    """Reviews whose start cannot be read: in no period, but in the services and words."""
    missing: dict[str, list[str]] = field(default_factory=dict)
    """Per metric, the reviews that have no value for it."""
    unreadable: list[str] = field(default_factory=list)
    """One line per file that cannot be read."""


def _severity(text: str) -> str:
    text = text.strip().upper()
    return text if text in SEVERITIES else ("none" if not text else "other")


def _priority(text: str) -> str:
    text = text.strip().upper()
    return text if text in PRIORITIES else "other"


def _action_counts(items: list, today: date) -> ActionCounts:
    """Counts by the one "open" and "overdue" (`computed`): a closed item is done when its status
    reads "done" (case and spacing ignored), else dropped ("won't do" or the template's other
    closed words)."""
    closed = [status_word(item.status) for item in items if not is_open(item)]
    done = closed.count("done")
    return ActionCounts(
        opened=len(items),
        done=done,
        wont_do=len(closed) - done,
        overdue=sum(1 for item in items if overdue(item, today)),
    )


def factor_words(factors: tuple[str, ...]) -> set[str]:
    """The telling words of a review's contributing factors (lower case, no stop words, a plural
    counted as its singular: "alerts" is "alert")."""
    words = set()
    for factor in factors:
        for word in re.findall(r"[^\W\d_][\w-]*", factor.lower()):
            if len(word) > 2 and word not in STOP_WORDS:
                words.add(_singular(word))
    return words


def _singular(word: str) -> str:
    """A plain English plural's singular ("alerts" -> "alert", "queries" -> "query"); other words as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


SHARED_AT_LEAST = 2
"""A contributing-factor word is a trend only when at least this many incidents share it: words of
one review each ("alert (1), alerts (1), announced (1)") were noise (issue 25 item 12)."""


def team_stats(records: list[ReviewRecord], today: date, by: str = "month") -> TeamStats:
    """The trends of a folder's reviews."""
    readable = [r for r in records if not r.problem]
    periods: dict[str, list[ReviewRecord]] = {}
    undated = []
    for record in readable:
        day = record.incident_date
        if day is None:
            undated.append(record.name)
        else:
            periods.setdefault(period_of(day, by), []).append(record)
    services: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    words: Counter[str] = Counter()
    for record in readable:
        for service in {s.strip().lower(): s.strip() for s in record.services}.items():
            spelling.setdefault(service[0], service[1])
            services[service[0]] += 1
        words.update(factor_words(record.factors))
    missing = {key: [r.name for r in readable if r.metrics.get(key) is None] for key, _, _ in METRICS}
    return TeamStats(
        by=by,
        periods=[_period(name, periods[name], today) for name in sorted(periods)],
        reviews=len(readable),
        services=[(spelling[name], count) for name, count in _top(services)],
        factor_words=_top(Counter({word: n for word, n in words.items() if n >= SHARED_AT_LEAST})),
        undated=undated,
        missing={key: names for key, names in missing.items() if names},
        unreadable=[r.problem for r in records if r.problem],
    )


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    """The most frequent, ties by name, so the same folder always gives the same list."""
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP]


def _period(name: str, records: list[ReviewRecord], today: date) -> PeriodStats:
    severity = Counter(_severity(r.severity) for r in records)
    metrics = {}
    for key, _, _ in METRICS:
        values = [value for r in records if (value := r.metrics.get(key)) is not None]
        rough = sum(1 for r in records if r.metrics.get(key) is not None and key in r.approximate)
        metrics[key] = spread(values, rough)
    items = [item for r in records for item in r.actions]
    by_priority = {}
    for priority in (*PRIORITIES, "other"):
        of_priority = [item for item in items if _priority(item.priority) == priority]
        if of_priority:
            by_priority[priority] = _action_counts(of_priority, today)
    return PeriodStats(
        period=name,
        incidents=len(records),
        by_severity={key: severity[key] for key in (*SEVERITIES, "other", "none") if severity[key]},
        metrics=metrics,
        actions=_action_counts(items, today),
        by_priority=by_priority,
    )


# -- the same numbers as text, JSON and CSV --------------------------------------------------


def minutes_text(minutes: float | None) -> str:
    """Minutes as a short duration ("45m", "3h10m", "2d4h"); "-" for none."""
    if minutes is None:
        return "-"
    total = int(round(minutes))
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d{hours}h"
    return f"{hours}h{mins:02d}m" if hours else f"{mins}m"


def percent(share: float | None) -> str:
    """A share as a whole percentage; "-" for none."""
    return "-" if share is None else f"{round(share * 100)}%"


def stats_rows(stats: TeamStats) -> tuple[list[str], list[list[object]]]:
    """One row per period, the same columns for CSV and the text table."""
    headers = ["period", "incidents", *SEVERITIES, "other severity"]
    for key in METRIC_LABELS:
        headers += [f"{key} median", f"{key} p90", f"{key} n"]
    headers += ["actions opened", "done", "overdue", "completion"]
    headers += [f"{p} completion" for p in PRIORITIES]
    rows = []
    for p in stats.periods:
        row: list[object] = [p.period, p.incidents, *(p.by_severity.get(s, 0) for s in SEVERITIES)]
        row.append(p.by_severity.get("other", 0) + p.by_severity.get("none", 0))
        for key in METRIC_LABELS:
            s = p.metrics[key]
            row += [_number(s.median), _number(s.p90), s.count]
        row += [p.actions.opened, p.actions.done, p.actions.overdue, _number(p.actions.completion, 3)]
        row += [_number(p.by_priority[q].completion, 3) if q in p.by_priority else "" for q in PRIORITIES]
        rows.append(row)
    return headers, rows


def _number(value: float | None, digits: int = 1) -> object:
    return "" if value is None else round(value, digits)


def stats_json(stats: TeamStats) -> dict[str, object]:
    """The numbers for scripts: minutes as numbers, shares as fractions."""

    def counts(c: ActionCounts) -> dict[str, object]:
        return {"opened": c.opened, "done": c.done, "wont_do": c.wont_do, "overdue": c.overdue, "completion": c.completion}

    return {
        "by": stats.by,
        "reviews": stats.reviews,
        "periods": [
            {
                "period": p.period,
                "incidents": p.incidents,
                "by_severity": p.by_severity,
                "metrics_minutes": {
                    key: {"median": s.median, "p90": s.p90, "count": s.count, "approximate": s.approximate}
                    for key, s in p.metrics.items()
                },
                "actions": counts(p.actions),
                "actions_by_priority": {q: counts(c) for q, c in p.by_priority.items()},
            }
            for p in stats.periods
        ],
        "services": [{"service": name, "incidents": n} for name, n in stats.services],
        "contributing_factor_words": [{"word": word, "incidents": n} for word, n in stats.factor_words],
        "undated": stats.undated,
        "missing_metrics": stats.missing,
        "unreadable": stats.unreadable,
    }


def stats_text(stats: TeamStats) -> list[str]:
    """The report as lines of text (the command line's table format, and the stats view's notes)."""
    from pirtui.team.report import text_table

    lines = [f"{stats.reviews} reviews, by {stats.by}", ""]
    sev_rows = [
        [p.period, str(p.incidents), *(str(p.by_severity.get(s, 0)) for s in SEVERITIES),
         str(p.by_severity.get("other", 0) + p.by_severity.get("none", 0))]
        for p in stats.periods
    ]
    lines += text_table(["Period", "Incidents", *SEVERITIES, "Other"], sev_rows).splitlines() + [""]
    lines.append("Median / 90th percentile (values)")
    metric_rows = [
        [p.period]
        + [f"{minutes_text(p.metrics[k].median)} / {minutes_text(p.metrics[k].p90)} ({p.metrics[k].count})" for k in METRIC_LABELS]
        for p in stats.periods
    ]
    lines += text_table(["Period", "Detect", "Respond", "Mitigate", "Resolve"], metric_rows).splitlines() + [""]
    act_rows = [
        [p.period, str(p.actions.opened), str(p.actions.done), str(p.actions.overdue), percent(p.actions.completion)]
        + [percent(p.by_priority[q].completion) if q in p.by_priority else "-" for q in PRIORITIES]
        for p in stats.periods
    ]
    lines += text_table(["Period", "Actions", "Done", "Overdue", "Done %", *PRIORITIES], act_rows).splitlines()
    lines += ["", "Most impacted services: " + (", ".join(f"{n} ({c})" for n, c in stats.services) or "none")]
    shared = ", ".join(f"{w} ({c})" for w, c in stats.factor_words)
    lines.append("Contributing factors, words in 2 or more incidents: " + (shared or "none"))
    lines += notes(stats)
    return lines


def notes(stats: TeamStats) -> list[str]:
    """What could not be counted, in words ("3 reviews have no time to detect: ...")."""
    out = []
    approximate = sum(s.approximate for p in stats.periods for s in p.metrics.values())
    if approximate:
        out.append(f"{approximate} of the times rest on an approximate time (~) and are counted.")
    if stats.undated:
        out.append(f"{_reviews(len(stats.undated))} no readable start date (in no period): {', '.join(stats.undated)}")
    for key, names in stats.missing.items():
        out.append(f"{_reviews(len(names))} no {METRIC_LABELS[key]}: {_names(names)}")
    for problem in stats.unreadable:
        out.append(f"unreadable: {problem}")
    return out


def _reviews(n: int) -> str:
    return "1 review has" if n == 1 else f"{n} reviews have"


def _names(names: list[str], most: int = 8) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
