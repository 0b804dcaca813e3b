"""The course's plot style: a colour-blind-safe palette, readable sizes, a source line under every figure."""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

# Line order: the strongest contrasts first, yellow (weak on white) last.
_CYCLE = ["blue", "vermillion", "green", "orange", "sky_blue", "purple", "black", "yellow"]


def use_course_style() -> None:
    """Apply the course style to every figure drawn after this call."""
    mpl.rcParams.update({
        "axes.prop_cycle": cycler(color=[PALETTE[name] for name in _CYCLE]),
        "figure.figsize": (8, 4.5),
        "figure.dpi": 100,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.labelsize": 11,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    })


def add_source_note(fig: plt.Figure, text: str) -> None:
    """Write 'Source: ...' under the figure, where readers expect it."""
    fig.text(0.01, -0.02, f"Source: {text}", ha="left", va="top", fontsize=8, color="#444444", wrap=True)
