"""Figure checks that read what a reader sees, as plain data.

``read(fig)`` turns a matplotlib Figure into a dict of plain values: per axes its title, labels, bars and tick
labels in screen order (inverted axes included), data lines apart from reference lines (told apart by their
transform: ``axhline``/``axvline`` span the axes, whatever their label), error bars, texts and legend. The
checks below take a Figure, an Axes or such a ``Reading``, so that they can run where the figure is not.
Colours, fonts and wording are left free unless a prompt fixes them.
"""
from __future__ import annotations

import re

from nkcourse.checks import plain
from nkcourse.checks.plain import describe, fail
from nkcourse.checks.values import ANY, same

# Wordings a reader takes for the same unit; a label names a unit if it holds any of them.
UNITS = {
    "USD": ["usd", "us$", "us $", "u.s. dollars", "us dollars", "dollars", "$"],
    "percent": ["%", "percent", "per cent"],
    "visits": ["visit"],
    "days": ["day"],
    "years": ["year"],
}


def _axes_reading(ax) -> dict:
    from matplotlib.collections import LineCollection
    from matplotlib.container import BarContainer, ErrorbarContainer

    to_screen = ax.transData.transform
    titles = [ax.get_title(loc) for loc in ("center", "left", "right")]
    bars = []
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        series_label = container.get_label()
        for patch in container.patches:
            x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
            horizontal = container.orientation == "horizontal"
            centre = (x + w / 2, y + h / 2)
            sx, sy = to_screen(centre)
            bars.append({
                "value": float(w if horizontal else h), "base": float(x if horizontal else y),
                "at": float(centre[1] if horizontal else centre[0]), "horizontal": horizontal,
                "series": None if series_label.startswith("_") else series_label,
                "screen": float(-sy if horizontal else sx),
            })
    bars.sort(key=lambda bar: bar["screen"])
    tick_labels = {"x": _ticks(ax, "x"), "y": _ticks(ax, "y")}
    for bar in bars:
        ticks = tick_labels["y" if bar["horizontal"] else "x"]
        bar["label"] = next((label for at, label, _ in ticks if abs(at - bar["at"]) < 0.25), None)
        del bar["screen"]
    lines = []
    for line in ax.get_lines():
        x_data, y_data = line.get_transform().contains_branch_seperately(ax.transData)
        label = line.get_label()
        lines.append({
            "x": _numbers(line.get_xdata()), "y": _numbers(line.get_ydata()),
            "steps": line.get_drawstyle().startswith("steps"),
            "drawstyle": line.get_drawstyle(),  # "steps-post": each level starts at its x ("steps" is "steps-pre")
            "label": None if label.startswith("_") else label,
            "reference": None if (x_data and y_data) else ("horizontal" if y_data else "vertical"),
            "marker_only": line.get_linestyle() in ("None", "", " ", "none"),
        })
    errorbars = []
    for container in ax.containers:
        if isinstance(container, ErrorbarContainer):
            for collection in container.lines[2]:
                if isinstance(collection, LineCollection):
                    for segment in collection.get_segments():
                        (x0, y0), (x1, y1) = segment[0], segment[-1]
                        errorbars.append({"x0": float(x0), "y0": float(y0), "x1": float(x1), "y1": float(y1)})
    legend = ax.get_legend()
    points = {"horizontal": _errorbar_points(ax, True), "vertical": _errorbar_points(ax, False)}
    return {
        "title": " ".join(t for t in titles if t).strip(),
        "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
        "xinverted": bool(ax.xaxis_inverted()), "yinverted": bool(ax.yaxis_inverted()),
        "xscale": ax.get_xscale(), "yscale": ax.get_yscale(),
        "xticks": [label for _, label, _ in sorted(tick_labels["x"], key=lambda t: t[2])],
        "yticks": [label for _, label, _ in sorted(tick_labels["y"], key=lambda t: -t[2])],
        "bars": bars, "lines": lines, "errorbars": errorbars, "errorbar_points": points,
        "texts": [t.get_text() for t in ax.texts if t.get_text().strip()],
        "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
    }


def _ticks(ax, which: str) -> list[tuple[float, str, float]]:
    """(position, label, screen position) of each labelled tick inside the view."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    low, high = sorted(ax.get_xlim() if which == "x" else ax.get_ylim())
    found = []
    for at, label in zip(axis.get_ticklocs(), axis.get_ticklabels()):
        text = label.get_text()
        if text and low - 1e-9 <= at <= high + 1e-9:
            point = (at, 0) if which == "x" else (0, at)
            screen = ax.transData.transform(point)[0 if which == "x" else 1]
            found.append((float(at), text, float(screen)))
    return found


def _numbers(data) -> list:
    out = []
    for value in list(data):
        try:
            value = plain.scalar(value)
        except TypeError:
            value = None
        out.append(value)
    return out


class Reading(dict):
    """What ``read`` returns: a figure as plain data. Checks take it in place of the figure; an ordinary dict that
    merely looks like one is not a figure."""


def read(fig) -> Reading:
    """What a reader sees in a Figure, as plain data (see the module's docstring)."""
    from matplotlib.figure import Figure

    if isinstance(fig, Reading):
        return fig
    if not isinstance(fig, Figure):
        raise TypeError(describe(fig))
    fig.canvas.draw()
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    return Reading({
        "suptitle": suptitle,
        "texts": [t.get_text() for t in fig.texts if t.get_text().strip() and t is not getattr(fig, "_suptitle", None)],
        "axes": [_axes_reading(ax) for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"],
        "legends": [[t.get_text() for t in legend.get_texts()] for legend in fig.legends],
    })


def _reading(fig, name: str) -> Reading:
    if isinstance(fig, Reading):
        return fig
    from matplotlib.axes import Axes

    if isinstance(fig, Axes):
        fig = fig.figure
    try:
        return read(fig)
    except TypeError as why:
        fail(name, f"should be a matplotlib Figure; it is {why}.", "Make it with fig, ax = plt.subplots().")


def mentions_unit(label: str, unit: str) -> bool:
    """Does a label name the unit, in any of its usual wordings?"""
    wordings = UNITS.get(unit, [unit.lower()])
    text = label.lower()
    return any((w in text) if not w.isalpha() else re.search(rf"\b{re.escape(w)}", text) for w in wordings)


def figure(fig, name: str = "fig", *, panels: int | None = None, title: bool = True, xlabel: bool = True,
           ylabel: bool = True, xunit: str | None = None, yunit: str | None = None, source: bool = True,
           legend: bool = False) -> dict:
    """The parts every course figure needs: a title (axes title or suptitle), axis labels (naming a unit where
    the prompt asks), a source line, and a legend where asked. Returns the reading for further checks."""
    reading = _reading(fig, name)
    axes = reading["axes"]
    if not axes:
        fail(name, "has no axes: draw the chart on the axes of this figure.", "Use fig, ax = plt.subplots().")
    if panels is not None and len(axes) != panels:
        fail(name, f"should have {panels} panel{'s' if panels != 1 else ''} (axes); it has {len(axes)}.",
             "Use plt.subplots(...) with the number of panels asked for.")
    if title and not (reading["suptitle"].strip() or all(a["title"] for a in axes)):
        fail(name, "needs a title.", "Use ax.set_title(...) or fig.suptitle(...).")
    for i, ax in enumerate(axes):
        where = name if len(axes) == 1 else f"{name}, panel {i + 1}"
        if xlabel and not ax["xlabel"].strip():
            fail(where, "needs an x-axis label.", "Use ax.set_xlabel(...).")
        if xunit and not mentions_unit(ax["xlabel"], xunit):
            fail(where, f"the x-axis label should name the unit ({xunit}).")
    if ylabel and not any(ax["ylabel"].strip() for ax in axes):
        fail(name, "needs a y-axis label.", "Use ax.set_ylabel(...).")
    if yunit and not any(mentions_unit(ax["ylabel"], yunit) for ax in axes):
        fail(name, f"the y-axis label should name the unit ({yunit}).")
    if source and not any(t.strip().lower().startswith("source") for t in reading["texts"] + _axes_texts(axes)):
        fail(name, "needs a source line under the chart.", "Use nkcourse.add_source_note(fig, ...).")
    if legend and not (reading["legends"] or any(ax["legend"] for ax in axes)):
        fail(name, "needs a legend.", "Give each series a label=... and call ax.legend().")
    return reading


def _axes_texts(axes: list[dict]) -> list[str]:
    return [t for ax in axes for t in ax["texts"]]


def bars(fig, name: str = "fig", *, order=None, values=ANY, panel: int = 0, decimals: int | None = None,
         hint: str = "") -> list[dict]:
    """Bars as a reader sees them: `order` is the list of bar labels in screen order (left to right, or top to
    bottom for horizontal bars); `values` maps a label to the bar's length."""
    reading = _reading(fig, name)
    if panel >= len(reading["axes"]) or not reading["axes"][panel]["bars"]:
        fail(name, "has no bars.", "Draw them with ax.bar, ax.barh or DataFrame.plot.bar.")
    found = reading["axes"][panel]["bars"]
    labels = [bar["label"] for bar in found]
    if order is not None:
        if None in labels:
            fail(name, "has bars without a tick label.", "Put the categories on the axis (ax.bar(labels, values)).")
        wanted = list(order)
        if sorted(labels) != sorted(wanted):
            fail(name, "does not have one bar for each category asked for.", hint)
        if labels != wanted:
            fail(name, "shows the bars in the wrong order, as a reader sees them.", hint)
    if values is not ANY:
        for label, wanted in dict(values).items():
            match = [bar for bar in found if bar["label"] == label]
            if not match:
                fail(name, f"has no bar labelled {label!r}.", hint)
            if not same(match[0]["value"], plain.scalar(wanted), decimals):
                fail(name, f"the bar for {label!r} does not have the right length.", hint)
    return found


def data_lines(fig, name: str = "fig", *, panel: int = 0, steps: bool | None = None) -> list[dict]:
    """The data lines of one panel (reference lines left out); `steps=True` keeps only stepped lines."""
    reading = _reading(fig, name)
    if panel >= len(reading["axes"]):
        fail(name, f"has no panel {panel + 1}.")
    lines = [line for line in reading["axes"][panel]["lines"] if line["reference"] is None]
    if steps is not None:
        lines = [line for line in lines if line["steps"] == steps]
    if not lines:
        fail(name, "has no stepped data line." if steps else "has no data line.",
             "Draw it with ax.step(...)." if steps else "Draw it with ax.plot(...).")
    return lines


def line_through(fig, name: str, points: dict, *, panel: int = 0, steps: bool | None = None,
                 decimals: int | None = None, hint: str = "") -> dict:
    """Some data line passes through every (x, y) in `points`."""
    for line in data_lines(fig, name, panel=panel, steps=steps):
        xy = list(zip(line["x"], line["y"]))
        if all(any(same(x, float(px), decimals) and same(y, float(py), decimals) for x, y in xy)
               for px, py in points.items()):
            return line
    fail(name, "no data line passes through the right points.", hint)


def reference_line(fig, name: str, *, y=None, x=None, panel: int = 0, hint: str = "") -> None:
    """A horizontal line at `y` (or vertical at `x`), drawn with axhline/axvline or as a flat data line."""
    reading = _reading(fig, name)
    if panel >= len(reading["axes"]):
        fail(name, f"has no panel {panel + 1}.")
    for line in reading["axes"][panel]["lines"]:
        if y is not None and len(set(v for v in line["y"] if v is not None)) == 1 and line["reference"] != "vertical":
            if same(line["y"][0], float(y)):
                return
        if x is not None and len(set(v for v in line["x"] if v is not None)) == 1 and line["reference"] != "horizontal":
            if same(line["x"][0], float(x)):
                return
    where = f"a horizontal line at y = {y}" if y is not None else f"a vertical line at x = {x}"
    fail(name, f"needs {where}.", hint or ("Use ax.axhline(...)." if y is not None else "Use ax.axvline(...)."))


def texts(fig, name: str, *, at_least: int, panel: int = 0, hint: str = "") -> list[str]:
    """At least `at_least` non-empty texts (annotations) on a panel."""
    reading = _reading(fig, name)
    found = reading["axes"][panel]["texts"] if panel < len(reading["axes"]) else []
    if len(found) < at_least:
        fail(name, f"should have at least {at_least} annotations on the chart; it has {len(found)}.",
             hint or "Use ax.annotate(...) or ax.text(...).")
    return found


def _errorbar_points(ax, horizontal: bool) -> list[dict]:
    """Every point drawn with ax.errorbar on one axes (one call or many), in screen order."""
    import math

    from matplotlib.collections import LineCollection
    from matplotlib.container import ErrorbarContainer

    ticks = _ticks(ax, "y" if horizontal else "x")
    positions = sorted({at for at, _, _ in ticks})
    gaps = [b - a for a, b in zip(positions, positions[1:])]
    reach = 0.25 * min(gaps) if gaps else 0.25
    near = lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)  # noqa: E731
    points = []
    for container in ax.containers:
        if not isinstance(container, ErrorbarContainer):
            continue
        data_line, _, collections = container.lines
        has = container.has_xerr if horizontal else container.has_yerr
        if data_line is None or not has:
            return [{"problem": "no points" if data_line is None else "other direction"}]
        bars = [c for c in collections if isinstance(c, LineCollection)]
        segments = [s for s in (bars[0] if horizontal or not container.has_xerr else bars[-1]).get_segments()]
        used = set()
        for x, y in zip(data_line.get_xdata(orig=False), data_line.get_ydata(orig=False)):
            x, y = float(x), float(y)
            value, at = (x, y) if horizontal else (y, x)
            low = high = None
            for i, segment in enumerate(segments):
                (x0, y0), (x1, y1) = segment[0], segment[-1]
                a0, a1, b0, b1 = (x0, x1, y0, y1) if horizontal else (y0, y1, x0, x1)
                inside = min(a0, a1) - 1e-9 <= value <= max(a0, a1) + 1e-9
                if i not in used and near(b0, at) and near(b1, at) and inside:
                    used.add(i)
                    low, high = float(min(a0, a1)), float(max(a0, a1))
                    break
            sx, sy = ax.transData.transform((x, y))
            label = min(((abs(t - at), text) for t, text, _ in ticks if abs(t - at) <= reach), default=(0, None))[1]
            points.append({"label": label, "value": None if math.isnan(value) else value, "low": low, "high": high,
                           "screen": float(-sy if horizontal else sx)})
    points.sort(key=lambda point: point["screen"])
    for point in points:
        del point["screen"]
    return points


def errorbar_points(fig, name: str = "fig", *, panel: int = 0, horizontal: bool = True, hint: str = "") -> list[dict]:
    """Points with error bars as a reader sees them, however many ax.errorbar calls drew them: one dict per point,
    in screen order (top to bottom for horizontal error bars, left to right for vertical ones), with the tick
    label at the point ("label", None if there is none), the point's position along the value axis ("value") and
    the ends of its error bar ("low", "high"; None where it has none)."""
    axes = _reading(fig, name)["axes"]
    if panel >= len(axes):
        fail(name, f"has no panel {panel + 1}.")
    points = axes[panel]["errorbar_points"]["horizontal" if horizontal else "vertical"]
    if not points:
        fail(name, "has no error bars.", hint or "Draw them with ax.errorbar(...).")
    if "problem" in points[0]:
        if points[0]["problem"] == "no points":
            fail(name, "draws error bars without their points.", "Pass fmt='o' to ax.errorbar(...).")
        fail(name, f"should have {'horizontal' if horizontal else 'vertical'} error bars.",
             "Use xerr=... in ax.errorbar(...)." if horizontal else "Use yerr=... in ax.errorbar(...).")
    return points


__all__ = ["UNITS", "bars", "data_lines", "errorbar_points", "figure", "line_through", "mentions_unit", "read",
           "reference_line", "texts"]
