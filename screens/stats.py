"""Trends across a folder's reviews, as charts in the terminal and the numbers beside them.

People would rather look at a trend than read it: incidents per period, and the median times to
detect and to resolve, are drawn with plotext (through textual-plotext, imported only when this
screen is built). Every series has its own marker as well as its own colour, so the charts read
with NO_COLOR and in 16 colours; the numbers follow as text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from pirtui.core.inert import inert
from pirtui.team.stats import TeamStats, periods_between, stats_text, team_stats

MARKERS = {"impact_to_detection": "D", "mitigation_to_resolution": "R"}
"""The metrics drawn, each with a letter as its marker (shown in the legend)."""


def whole_ticks(highest: int, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 to at least `highest`, at most `most` of them."""
    step = max(1, -(-max(highest, 1) // (most - 1)))
    return list(range(0, max(highest, 1) + step, step))


def time_ticks(periods: list[str], most: int = 6) -> tuple[list[int], list[str]]:
    """Positions and labels for the x-axis: evenly spaced periods (at most `most`, the first and
    last among them), so the labels do not run into each other at 80 columns."""
    if not periods:
        return [], []
    step = max(1, -(-len(periods) // most))
    positions = list(range(0, len(periods), step))
    if positions[-1] != len(periods) - 1 and len(periods) - 1 - positions[-1] >= step // 2 + 1:
        positions.append(len(periods) - 1)
    return positions, [periods[i] for i in positions]


class StatsScreen(Screen):
    """Incidents, detection times and action completion per month or quarter."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("b", "toggle_period", "Month/Quarter", tooltip="Group by month or by quarter"),
        Binding("f5", "refresh", "Reload", tooltip="Read the folder again"),
        Binding("escape,q", "back", "Back", tooltip="Back to where you were"),
    ]

    def __init__(self, folder: Path, by: str = "month") -> None:
        super().__init__()
        self.folder = folder
        self.by = by
        self.stats: TeamStats | None = None

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        with VerticalScroll(id="stats-body"):
            yield PlotextPlot(id="incidents-chart")
            yield PlotextPlot(id="times-chart")
            yield Static(Text(f"Reading the reviews in {inert(str(self.folder))}…"), id="numbers")
        yield Footer(compact=True)  # every key fits in 80 columns (issue 25 item 7)

    def on_mount(self) -> None:
        self.title = "Trends"
        self.query_one("#stats-body").focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the folder again through the index and redraw."""
        self._scan()

    @work(thread=True, exclusive=True, group="stats-scan")
    def _scan(self) -> None:
        from pirtui.team.index import scan_records

        stats = team_stats(scan_records(self.folder), date.today(), self.by)
        self.app.call_from_thread(self._show, stats)

    def action_toggle_period(self) -> None:
        """Group the incidents by quarter instead of month, or back."""
        self.by = "quarter" if self.by == "month" else "month"
        self.action_refresh()

    def action_back(self) -> None:
        """Back to where this view was opened from."""
        self.dismiss()

    def _show(self, stats: TeamStats) -> None:
        from textual_plotext import PlotextPlot

        self.stats = stats
        self.sub_title = f"{self.folder} · by {stats.by} · {stats.reviews} reviews"
        # Every period from the first to the last, quiet ones included: the x-axis is a time axis.
        by_name = {p.period: p for p in stats.periods}
        periods = periods_between(stats.periods[0].period, stats.periods[-1].period, stats.by) if stats.periods else []
        counts = [by_name[name].incidents if name in by_name else 0 for name in periods]
        positions, labels = time_ticks(periods)
        incidents = self.query_one("#incidents-chart", PlotextPlot)
        plt = incidents.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(f"Incidents per {stats.by}")
        if periods:
            plt.bar(list(range(len(periods))), counts, marker="hd")
            plt.xticks([float(p) for p in positions], labels)
            plt.yticks([float(t) for t in whole_ticks(max(counts))])  # counts are whole numbers: no 0.5 ticks
        incidents.refresh()
        times = self.query_one("#times-chart", PlotextPlot)
        plt = times.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Median minutes: D to detect, R to resolve")
        for key, marker in MARKERS.items():
            points = [
                (i, by_name[name].metrics[key].median)
                for i, name in enumerate(periods)
                if name in by_name and by_name[name].metrics[key].median is not None
            ]
            if points:
                xs, ys = zip(*points)
                # No plotext legend: it is drawn over the lines; the title names each marker.
                plt.plot(list(xs), list(ys), marker=marker)
        if periods:
            plt.xticks([float(p) for p in positions], labels)
            plt.xlim(-0.5, len(periods) - 0.5)
        times.refresh()
        self.query_one("#numbers", Static).update(Text(inert("\n".join(stats_text(stats)))))
