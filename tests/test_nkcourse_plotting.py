"""The course plot style: colour-blind-safe colours and a source line under the figure."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import nkcourse  # noqa: E402

OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}


def test_palette_is_okabe_ito():
    assert {to_hex(c) for c in nkcourse.PALETTE.values()} == OKABE_ITO


def test_style_cycles_through_the_palette_strongest_first():
    nkcourse.use_course_style()
    fig, ax = plt.subplots()
    lines = [ax.plot([0, 1], [i, i])[0] for i in range(8)]
    colours = [to_hex(line.get_color()) for line in lines]
    assert set(colours) == OKABE_ITO
    assert colours[-1] == "#f0e442", "yellow is hard to see on white: it should come last"
    plt.close(fig)


def test_source_note_is_written_under_the_axes():
    fig, ax = plt.subplots()
    nkcourse.add_source_note(fig, "course data, table trade")
    notes = [t for t in fig.texts if t.get_text() == "Source: course data, table trade"]
    assert len(notes) == 1 and notes[0].get_position()[1] < 0
    plt.close(fig)
