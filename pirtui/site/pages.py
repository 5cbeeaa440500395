"""The site's pages as HTML: the index, one page per review, the action items, the trends, search.

Every value from a review is escaped (`layout.text`); a review's own body comes from the existing
HTML render (`pirtui.core.html.markdown_to_html`), which escapes raw HTML and drops unsafe links.
Each page reads fully with scripts off: the index is a plain table (the script adds sorting and
filtering), the charts are SVG drawn here, and the search page says what it needs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pirtui.site.charts import bar_chart
from pirtui.site.entries import SEVERITY_RANK, Entry
from pirtui.site.layout import page, text
from pirtui.team.actions import ActionRow
from pirtui.team.stats import METRIC_LABELS, TeamStats, minutes_text, percent

COLUMNS = ("ID", "Title", "Date", "Severity", "Status", "Services", "Duration", "Open actions")


def index_page(entries: list[Entry], today: date, *, public: bool, problems: list[str]) -> str:
    """The table of every review, newest first; sortable and filterable once the script runs."""
    rows = []
    for e in entries:
        r = e.record
        open_items = e.open_actions()
        late = e.overdue_actions(today)
        minutes = "" if e.extras.duration_minutes is None else f"{e.extras.duration_minutes:.0f}"
        late_note = f' <span class="late">({late} overdue)</span>' if late else ""
        cells = (
            (text(r.name), f'<a href="reviews/{e.slug}.html">{text(r.name)}</a>'),
            (None, text(r.title)),
            (text(r.start_date), f"<time>{text(r.start_date or r.start_text)}</time>"),
            (str(SEVERITY_RANK.get(r.severity.strip().upper(), 9)), text(r.severity)),
            (None, text(r.status)),
            (None, text(", ".join(r.services))),
            (minutes, text(e.extras.duration)),
            (str(open_items), f"{open_items}{late_note}"),
        )
        rows.append("<tr>" + "".join(_cell(label, value, html) for label, (value, html) in zip(COLUMNS, cells)) + "</tr>")
    head = "".join(f'<th scope="col">{name}</th>' for name in COLUMNS)
    unreadable = ""
    if problems and not public:
        items = "".join(f"<li>{text(p)}</li>" for p in problems)
        unreadable = f'<section aria-labelledby="unreadable"><h2 id="unreadable">Files that could not be read</h2><ul>{items}</ul></section>'
    body = (
        f"<h1>Post-incident reviews</h1>\n"
        f'<p class="lead">{len(entries)} review{"s" * (len(entries) != 1)}, newest first; open action items as of {today.isoformat()}.</p>\n'
        '<div class="tools" hidden><label for="filter">Filter</label> '
        '<input id="filter" type="search" autocomplete="off" placeholder="words, e.g. SEV-1 payments" aria-describedby="shown" aria-controls="reviews"> '
        '<span id="shown" role="status" aria-live="polite"></span>'
        '<span class="keys">Press <kbd>/</kbd> to filter; the column buttons sort.</span></div>\n'
        '<div class="scroll"><table id="reviews" class="reviews sortable">'
        f'<caption class="visually-hidden">Reviews</caption><thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>\n{unreadable}"
    )
    return page("Post-incident reviews", body, public=public, active="index.html")


def _cell(label: str, sort_value: str | None, html: str) -> str:
    """A cell of the index: labelled (phones show the label), with the value the script sorts by."""
    sort = "" if sort_value is None else f' data-v="{sort_value}"'
    return f'<td data-label="{label}"{sort}>{html}</td>'


def review_page(entry: Entry, body_html: str, *, newer: Entry | None, older: Entry | None, source: str, public: bool) -> str:
    """One review: the HTML render, links to the newer and older review, and its TOML source."""
    links = []
    if newer is not None:
        links.append(f'<a rel="prev" href="{newer.slug}.html">← Newer: {text(newer.label)}</a>')
    links.append('<a href="../index.html">All reviews</a>')
    if older is not None:
        links.append(f'<a rel="next" href="{older.slug}.html">Older: {text(older.label)} →</a>')
    neighbours = f'<nav class="neighbours" aria-label="Neighbouring reviews">{" ".join(links)}</nav>'
    source_link = f'<p class="source"><a href="{source}" type="application/toml">Source: {text(entry.record.path.name)}</a></p>' if source else ""
    body = f"{neighbours}\n<article class=\"review\" data-pagefind-body>\n{body_html}</article>\n{source_link}\n{neighbours}"
    return page(entry.label, body, root="../", public=public)


def actions_page(rows: list[ActionRow], slugs: dict[str, str], today: date, *, public: bool) -> str:
    """Open action items: the overdue ones first, then every open one by owner, with ticket links."""
    from pirtui.core.computed import is_open, status_word
    from pirtui.core.template.roles import is_empty

    still_open = [row for row in rows if is_open(row)]
    late = sorted((row for row in still_open if row.overdue), key=lambda r: -(r.days_overdue or 0))
    by_owner: dict[str, list[ActionRow]] = defaultdict(list)
    for row in still_open:
        by_owner["(no owner)" if is_empty(row.owner) else row.owner.strip()].append(row)
    done = sum(1 for row in rows if not is_open(row) and status_word(row.status) == "done")
    parts = [
        "<h1>Action items</h1>",
        f'<p class="lead">{len(still_open)} open of {len(rows)} ({done} done); {len(late)} overdue as of {today.isoformat()}.</p>',
        '<h2 id="overdue">Overdue</h2>',
        _actions_table(late, slugs, overdue=True) if late else "<p>None overdue.</p>",
        '<h2 id="owners">Open, by owner</h2>',
    ]
    if by_owner:
        summary = "".join(
            f'<li><a href="#owner-{i}">{text(owner)}</a>: {len(items)} open'
            f'{f", {sum(1 for r in items if r.overdue)} overdue" if any(r.overdue for r in items) else ""}</li>'
            for i, (owner, items) in enumerate(sorted(by_owner.items()))
        )
        parts.append(f'<ul class="owners">{summary}</ul>')
        for i, (owner, items) in enumerate(sorted(by_owner.items())):
            parts.append(f'<h3 id="owner-{i}">{text(owner)}</h3>')
            parts.append(_actions_table(items, slugs, overdue=False))
    else:
        parts.append("<p>No open action items.</p>")
    return page("Action items", "\n".join(parts), public=public, active="actions.html")


def _actions_table(rows: list[ActionRow], slugs: dict[str, str], overdue: bool) -> str:
    head = ["Review", "Action", "Owner", "Priority", "Due", "Status", "Ticket"] + (["Days overdue"] if overdue else [])
    body = []
    for row in rows:
        slug = slugs.get(str(row.path), "")
        review = f'<a href="reviews/{slug}.html">{text(row.review_id)}</a>' if slug else text(row.review_id)
        if row.ticket_url.startswith(("https://", "http://")):
            ticket = f'<a href="{text(row.ticket_url)}" rel="noreferrer">{text(row.ticket)}</a>'
        else:
            ticket = text(row.ticket)
        cells = [review, text(row.action), text(row.owner), text(row.priority), text(row.due), text(row.status), ticket]
        if overdue:
            cells.append(str(row.days_overdue))
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    header = "".join(f'<th scope="col">{name}</th>' for name in head)
    return f'<div class="scroll"><table class="actions"><thead><tr>{header}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def trends_page(by_month: TeamStats, by_quarter: TeamStats, *, public: bool) -> str:
    """Incidents per month and quarter, time to detect and to resolve, action completion: SVG charts
    drawn here, each with its figures in a table."""
    quarters = [p.period for p in by_quarter.periods]
    per_month = {p.period: p.incidents for p in by_month.periods}
    months = _every_month(list(per_month))
    per_quarter = {p.period: p.incidents for p in by_quarter.periods}
    all_quarters = sorted({f"{m[:4]}-Q{(int(m[5:]) - 1) // 3 + 1}" for m in months})
    sections = [
        "<h1>Trends</h1>",
        f'<p class="lead">{by_month.reviews} reviews. Times are medians of the reviews with a value, in minutes.</p>',
        _figure("Incidents per month", bar_chart("Incidents per month", months, [per_month.get(m, 0) for m in months]),
                ["Month", "Incidents"], [[m, str(per_month.get(m, 0))] for m in months]),
        _figure("Incidents per quarter", bar_chart("Incidents per quarter", all_quarters, [per_quarter.get(q, 0) for q in all_quarters]),
                ["Quarter", "Incidents"], [[q, str(per_quarter.get(q, 0))] for q in all_quarters]),
    ]
    for key, title in (("impact_to_detection", "Time to detect"), ("mitigation_to_resolution", "Time to resolve")):
        values = [p.metrics[key].median for p in by_quarter.periods]
        sections.append(
            _figure(
                f"{title} per quarter (median, minutes)",
                bar_chart(f"{title} per quarter, median minutes", quarters, values, ""),
                ["Quarter", "Median", "90th percentile", "Reviews"],
                [[q, minutes_text(p.metrics[key].median), minutes_text(p.metrics[key].p90), str(p.metrics[key].count)]
                 for q, p in zip(quarters, by_quarter.periods)],
            )
        )
    completion = [None if p.actions.completion is None else p.actions.completion * 100 for p in by_quarter.periods]
    sections.append(
        _figure(
            "Action items done per quarter (%)",
            bar_chart("Action items done per quarter, percent", quarters, completion, "%"),
            ["Quarter", "Opened", "Done", "Overdue", "Done %"],
            [[q, str(p.actions.opened), str(p.actions.done), str(p.actions.overdue), percent(p.actions.completion)]
             for q, p in zip(quarters, by_quarter.periods)],
        )
    )
    if by_month.services:
        items = "".join(f"<li>{text(name)} ({count})</li>" for name, count in by_month.services)
        sections.append(f"<h2>Most impacted services</h2><ol>{items}</ol>")
    missing = [f"{len(names)} without {METRIC_LABELS[key]}" for key, names in by_month.missing.items()]
    if by_month.undated or missing:
        notes = ([f"{len(by_month.undated)} reviews without a readable start date"] if by_month.undated else []) + missing
        sections.append(f'<p class="notes">Not counted: {text("; ".join(notes))}.</p>')
    return page("Trends", "\n".join(sections), public=public, active="trends.html")


def _every_month(periods: list[str]) -> list[str]:
    """Every month from the first period to the last ("2024-01".."2024-06"), so a quiet month
    shows as a gap rather than vanishing."""
    if not periods:
        return []
    first, last = min(periods), max(periods)
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year}-{month:02d}" <= last:
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _figure(caption: str, svg: str, head: list[str], rows: list[list[str]]) -> str:
    header = "".join(f'<th scope="col">{text(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<figure class=\"chart\"><figcaption><h2>{text(caption)}</h2></figcaption>{svg}"
        f"<details><summary>The figures</summary><div class=\"scroll\"><table><thead><tr>{header}</tr></thead>"
        f"<tbody>{body}</tbody></table></div></details></figure>"
    )


def search_page(*, public: bool, engine: str) -> str:
    """The search form; the script runs Pagefind over http, else the embedded index."""
    body = (
        "<h1>Search</h1>\n"
        f'<form class="search" role="search" action="search.html" method="get" data-engine="{engine}">'
        '<label for="q">Words to find in every review</label> '
        '<input id="q" name="q" type="search" autocomplete="off" aria-describedby="search-status"> '
        '<button type="submit">Search</button></form>\n'
        '<p id="search-status" role="status" aria-live="polite">'
        "Search runs in your browser and needs scripts; nothing leaves this site.</p>\n"
        '<ol id="results" class="results"></ol>\n'
        '<noscript><p>Scripts are off: use the <a href="index.html">index</a> and your browser\'s find-in-page.</p></noscript>'
    )
    return page("Search", body, public=public, active="search.html")
