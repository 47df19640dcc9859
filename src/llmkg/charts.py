"""Charts of the catalogue as PNG bytes, drawn with matplotlib's object API (Agg canvas).

No pyplot and no global backend switch: each chart is a ``matplotlib.figure.Figure`` saved to
memory, so drawing is safe inside a library and leaves the caller's matplotlib state alone. PNG
metadata carries no software version or time, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from llmkg.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

LONG_CONTEXT_TOKENS = 100_000
DPI = 100


def _figure(width: float = 9.0, height: float = 5.5) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - depends on the environment
        raise UsageError(
            "drawing charts needs matplotlib; install it with: pip install 'llmkg[docs]'"
        ) from None
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def release_date(value: object) -> dt.date | None:
    """A ``date`` for a catalogue release value: a ``date``, or ``YYYY-MM`` (first of month)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            year, month = value[:7].split("-")
            return dt.date(int(year), int(month), 1)
        except ValueError:
            return None
    return None


def _positive(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _no_data(axes: Axes) -> None:
    axes.text(0.5, 0.5, "no data", ha="center", va="center", transform=axes.transAxes)


def _colours(names: Sequence[str]) -> dict[str, object]:
    from matplotlib import colormaps

    cmap = colormaps["tab20" if len(names) > 10 else "tab10"]
    return {name: cmap(i % cmap.N) for i, name in enumerate(names)}


def parameters_chart(records: Iterable[Mapping[str, object]]) -> bytes:
    """Total (circles) and active (crosses) parameters over release date, by architecture,
    on a log scale. ``records`` are rows of the ``catalog`` query."""
    from matplotlib.lines import Line2D

    points: dict[str, list[tuple[dt.date, int, int | None]]] = {}
    for row in records:
        date, total = release_date(row.get("releaseDate")), _positive(row.get("totalParameters"))
        if date is not None and total is not None:
            arch = str(row.get("architecture") or "unknown")
            active = _positive(row.get("activeParameters"))
            points.setdefault(arch, []).append((date, total, active))
    figure = _figure()
    axes = figure.add_subplot()
    colours = _colours(sorted(points))
    for arch in sorted(points):
        rows = sorted(points[arch])
        axes.scatter([r[0] for r in rows], [r[1] for r in rows], s=22, color=colours[arch],
                     label=arch, alpha=0.85)
        active = [r for r in rows if r[2] is not None and r[2] != r[1]]
        if active:
            axes.scatter([r[0] for r in active], [r[2] for r in active], s=30, marker="x",
                         color=colours[arch], alpha=0.85)
    axes.set_title("Model size at release, by architecture")
    axes.set_xlabel("release date")
    axes.set_ylabel("parameters (log scale)")
    if not points:
        _no_data(axes)
        return _png(figure)
    axes.set_yscale("log")
    axes.grid(True, which="major", alpha=0.3)
    handles, labels = axes.get_legend_handles_labels()
    handles += [
        Line2D([], [], ls="", marker="o", color="#555", label="total parameters"),
        Line2D([], [], ls="", marker="x", color="#555", label="active parameters (sparse)"),
    ]
    labels += ["total parameters", "active parameters (sparse)"]
    axes.legend(handles, labels, fontsize=8, loc="upper left", frameon=True)
    return _png(figure)


def context_chart(records: Iterable[Mapping[str, object]]) -> bytes:
    """The context window at first release over time, on a log scale, with the long-context
    threshold of the brief (100,000 tokens)."""
    points = sorted(
        (date, window)
        for row in records
        if (date := release_date(row.get("releaseDate"))) is not None
        and (window := _positive(row.get("contextWindow"))) is not None
    )
    figure = _figure()
    axes = figure.add_subplot()
    axes.set_title("Context window at release")
    axes.set_xlabel("release date")
    axes.set_ylabel("tokens (log scale)")
    if not points:
        _no_data(axes)
        return _png(figure)
    long = [p for p in points if p[1] >= LONG_CONTEXT_TOKENS]
    short = [p for p in points if p[1] < LONG_CONTEXT_TOKENS]
    for group, colour, label in ((short, "#4c72b0", "under 100K"), (long, "#dd8452", "100K+")):
        if group:
            axes.scatter([p[0] for p in group], [p[1] for p in group], s=22, color=colour,
                         label=f"{label} ({len(group)})", alpha=0.85)
    axes.axhline(LONG_CONTEXT_TOKENS, color="#999", ls="--", lw=1,
                 label="long-context threshold (100,000)")
    axes.set_yscale("log")
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(fontsize=8, loc="upper left")
    return _png(figure)


def timeline_chart(records: Iterable[Mapping[str, object]]) -> bytes:
    """Models released per class of the brief per year, as an annotated heat map; ``records``
    are rows of the ``timeline`` query (class, label, year, models) in the brief's order."""
    series: dict[str, dict[int, int]] = {}
    for row in records:
        label, year, count = str(row.get("label")), row.get("year"), row.get("models")
        if isinstance(year, int) and isinstance(count, int):
            series.setdefault(label, {})[year] = count
    figure = _figure(10.0, 5.5)
    axes = figure.add_subplot()
    axes.set_title("Models first released per class of the brief per year")
    if not series:
        _no_data(axes)
        return _png(figure)
    labels = list(series)  # the query's order: the brief's
    years = list(range(min(min(s) for s in series.values()),
                       max(max(s) for s in series.values()) + 1))
    grid = [[series[label].get(year, 0) for year in years] for label in labels]
    peak = max(max(row) for row in grid) or 1
    axes.imshow(grid, cmap="Blues", aspect="auto", vmin=0, vmax=peak)
    for r, row in enumerate(grid):
        for c, count in enumerate(row):
            if count:
                colour = "white" if count > peak / 2 else "black"
                axes.text(c, r, str(count), ha="center", va="center", fontsize=9, color=colour)
    axes.set_xticks(range(len(years)), [str(y) for y in years])
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("year of first release")
    return _png(figure)


__all__ = ["context_chart", "parameters_chart", "release_date", "timeline_chart"]
