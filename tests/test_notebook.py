"""tutorial.ipynb, the tutorial as a notebook: the committed notebook is valid and shows a whole
run's outputs (fast), and it runs clean in a fresh kernel on the default data set, writing
nothing but its own notebook-run/ folder (slow)."""
import re
import shutil
import sys
import time

import nbformat
import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "tutorial.ipynb"
RUN_FOLDER = "notebook-run"          # the only folder the notebook writes into
MAX_BYTES = 2_000_000                # outputs and all, so that it reads on GitHub
SHOWS_A_PICTURE = re.compile(r"(?<![\w.])Image\(")   # IPython's Image(...), not PIL.Image.new(...)
NOT_COPIED = {".git", ".venv", "venv", ".pytest_cache", "data", "plots", RUN_FOLDER}   # at the root


def codeCells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def problemsIn(cell):
    """What a cell's outputs should never hold: an error, a traceback, anything on stderr (where
    Python's warnings go)."""
    problems = []
    for output in cell.outputs:
        text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
        if output.output_type == "error":
            problems.append(f"{output.ename}: {output.evalue}")
        elif output.output_type == "stream" and output.name == "stderr":
            problems.append(f"on stderr: {text.strip()}")
        elif "Traceback" in text:
            problems.append(f"a traceback: {text.strip()}")
    return [f"cell {cell.source.splitlines()[0]!r}: {problem}" for problem in problems]


@pytest.fixture(scope="module")
def committed():
    return nbformat.read(NOTEBOOK, as_version=4)


# ----- the committed notebook (fast) -----

def test_the_committed_notebook_is_valid_and_small(committed):
    nbformat.validate(committed)
    assert NOTEBOOK.stat().st_size < MAX_BYTES


def test_every_code_cell_shows_the_outputs_of_one_run_top_to_bottom(committed):
    cells = codeCells(committed)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    for cell in cells:
        assert cell.outputs, f"no outputs: {cell.source.splitlines()[0]!r}"
        if SHOWS_A_PICTURE.search(cell.source):
            assert any("image/png" in output.get("data", {}) for output in cell.outputs), \
                f"no picture: {cell.source.splitlines()[0]!r}"


def test_no_committed_output_holds_an_error_or_a_warning(committed):
    assert [problem for cell in codeCells(committed) for problem in problemsIn(cell)] == []


# ----- a fresh run (slow) -----

def copyOfTheProject(folder):
    """The project's files as a fresh clone has them, without the data, pictures and runs made
    since: the root less NOT_COPIED (data/'s README kept), no __pycache__."""
    def ignored(path, names):
        skip = {"__pycache__"} | (NOT_COPIED if path == str(ROOT) else set())
        return [name for name in names if name in skip]

    copy = folder / "project"
    shutil.copytree(ROOT, copy, ignore=ignored)
    (copy / "data").mkdir()
    shutil.copy(ROOT / "data" / "README.md", copy / "data")
    return copy


def filesIn(folder):
    """{path: bytes} of every file under folder but the notebook's run folder and __pycache__."""
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*")
            if path.is_file() and RUN_FOLDER not in path.parts and "__pycache__" not in path.parts}


@pytest.mark.slow
def test_the_notebook_runs_clean_in_a_fresh_kernel_and_writes_only_its_run_folder(tmp_path):
    from nbclient import NotebookClient

    copy = copyOfTheProject(tmp_path)
    before = filesIn(copy)
    notebook = nbformat.read(copy / NOTEBOOK.name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.prefix)"))   # whose Python?
    started = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(copy)}}).execute()   # raises on an error
    seconds = time.perf_counter() - started
    cells = codeCells(notebook)
    assert cells[-1].outputs[0].text.strip() == sys.prefix     # the kernel is this environment's
    assert [problem for cell in cells for problem in problemsIn(cell)] == []
    for cell, shown in zip(cells, codeCells(nbformat.read(NOTEBOOK, as_version=4))):
        kinds = [sorted(output.get("data", {})) for output in cell.outputs if "data" in output]
        assert kinds == [sorted(output.get("data", {})) for output in shown.outputs if "data" in output]
    assert filesIn(copy) == before                              # data/, plots/, the notebook: untouched
    assert (copy / RUN_FOLDER / "data" / "TrainedW1.in").is_file()
    print(f"tutorial.ipynb ran in {seconds:.1f} s")
