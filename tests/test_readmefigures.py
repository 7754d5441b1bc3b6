"""bench/readmefigures.py finds every figure of README.md, and flags one that differs from today's
measurement; no training (the full re-measurement is the command itself, a few minutes)."""
import io
import sys

import pytest

from conftest import ROOT, needShared

sys.path.insert(0, str(ROOT / "bench"))
import readmefigures  # noqa: E402  (bench/ must be on sys.path first)
from recognizer import datafiles, importers  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")

# A small README of three figures, and the measurements that make each of them current.
SMALL = """# A small README

```
$ python train.py
Training Set Accuracy: 98.30%
Iteration  400 | Cost: 0.450553 |    7.3 s
```

The held-out digits are read
95.40 % correctly.
"""
FIGURES = [
    readmefigures.transcript("training accuracy", r"Training Set Accuracy: ", "out",
                             group="train", within=r"^\$ python train\.py$"),
    readmefigures.Figure("seconds", r"^Iteration +400 \| Cost: [\d.]+ \| +([\d.]+) s$",
                         lambda m: m["seconds"], "train", "time"),
    readmefigures.Figure("held out (%)", r"held-out digits are read ([\d.]+) % correctly",
                         lambda m: m["heldOut"], "train"),
]
CURRENT = {"groups": {"train"}, "out": "Saved x\nTraining Set Accuracy: 98.30%\n", "seconds": 9.1,
           "heldOut": 95.4}


def statuses(rows):
    return {row.figure.label: row.status for row in rows}


def reported(rows):
    out = io.StringIO()
    return readmefigures.report(rows, out), out.getvalue()


@pytest.mark.parametrize("figure", readmefigures.FIGURES, ids=lambda figure: figure.label)
def test_every_figure_is_found_in_the_readme_where_it_is_meant(figure):
    """Its anchor (when it has one) is in the README once; without one, its pattern matches
    exactly once, so no other passage can stand in for it."""
    if figure.within is None:
        assert len(figure.regex().findall(README)) == 1
    else:
        assert len(figure.regex(figure.within).findall(README)) == 1
    assert readmefigures.findFigure(figure, README) is not None


@pytest.mark.parametrize("figure", [figure for figure in readmefigures.FIGURES if figure.kind != "text"],
                         ids=lambda figure: figure.label)
def test_every_number_as_the_readme_writes_it_reads_as_a_number(figure):
    """What a number's pattern captures is the number alone (no sentence's full stop with it),
    so the comparison can read it."""
    written = readmefigures.findFigure(figure, README)
    float(written.replace(",", ""))


def test_every_figure_has_a_group_that_is_measured():
    assert {figure.group for figure in readmefigures.FIGURES} <= set(readmefigures.GROUPS)
    assert len({figure.label for figure in readmefigures.FIGURES}) == len(readmefigures.FIGURES)


def test_figures_equal_to_todays_are_current_and_exit_0():
    rows = readmefigures.check(SMALL, CURRENT, FIGURES)
    assert set(statuses(rows).values()) == {"current"}
    code, out = reported(rows)
    assert code == 0 and "3 current, 0 differ" in out and "Every figure measured is current." in out


@pytest.mark.parametrize("change, label, today", [
    ({"heldOut": 95.5}, "held out (%)", "95.50"),
    ({"out": "Training Set Accuracy: 98.28%\n"}, "training accuracy", "Training Set Accuracy: 98.28%"),
    ({"seconds": 20.0}, "seconds", "20.0"),
])
def test_a_figure_that_differs_is_flagged_with_both_values_and_exit_1(change, label, today):
    rows = readmefigures.check(SMALL, {**CURRENT, **change}, FIGURES)
    assert statuses(rows)[label] == "DIFFERS"
    assert sum(row.status == "DIFFERS" for row in rows) == 1
    code, out = reported(rows)
    assert code == 1 and "1 differ" in out
    assert f"  - {label}: README " in out and repr(today) in out


def test_a_figure_the_readme_no_longer_holds_is_flagged():
    rows = readmefigures.check(SMALL.replace("are read\n95.40 %", "are read well"), CURRENT, FIGURES)
    assert statuses(rows)["held out (%)"] == "MISSING"
    code, out = reported(rows)
    assert code == 1 and "held out (%): not found in the README" in out


def test_groups_not_measured_are_listed_but_do_not_fail():
    rows = readmefigures.check(SMALL, {"groups": set()}, FIGURES)
    assert set(statuses(rows).values()) == {"not measured"}
    assert reported(rows)[0] == 0


@pytest.mark.parametrize("written, today, kind, equal", [
    ("95.40", 95.4, "number", True),          # rounded to the README's decimals
    ("95.40", 95.404, "number", True),
    ("95.40", 95.41, "number", False),
    ("10,000", 10000, "number", True),
    ("93.0", 92.96, "number", True),
    ("0.6", 0.62, "number", True),
    ("12", 20.0, "time", True),               # within a factor of TIME_FACTOR
    ("12", 30.0, "time", False),
    ("0.2", 0.5, "time", True),               # or TIME_SLACK seconds
    ("a  b", "a b", "text", True),            # spaces collapsed
    ("a b", "a c", "text", False),
    ("95.40", None, "number", False),         # not measured at all
])
def test_comparison_by_kind(written, today, kind, equal):
    assert readmefigures.same(kind, written, today) is equal


def test_a_space_in_a_pattern_matches_a_line_break_so_rewrapping_loses_nothing():
    figure = FIGURES[2]
    assert readmefigures.findFigure(figure, SMALL) == "95.40"
    assert readmefigures.findFigure(figure, SMALL.replace("read\n95.40", "read 95.40")) == "95.40"


def test_the_course_figures_of_the_readme_are_todays(defaultData, tmp_path):
    """The one group measured for real here (no training): the course's weights on the default
    data set, column-major and row-major, against the README's text."""
    importers.importMat([needShared("ex4weights.mat")], tmp_path)
    measured = {"groups": {"course"},
                **readmefigures.courseFigures(*defaultData, *datafiles.loadStartWeights(tmp_path))}
    rows = [row for row in readmefigures.check(README, measured) if row.figure.group == "course"]
    assert len(rows) == 2 and all(row.status == "current" for row in rows), \
        [(row.figure.label, row.written, row.today) for row in rows]
