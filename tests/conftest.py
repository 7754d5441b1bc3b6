"""Shared test fixtures: the project on sys.path and the real data in ../shared/data."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


def needShared(*parts):
    """Path to a file in ../shared/data; skip when absent, but fail in CI where it must exist."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing (the course's real data lives in ../shared/data)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def courseWeights():
    """Theta1 (25×401) and Theta2 (10×26) from the course's ex4weights.mat."""
    import scipy.io

    mat = scipy.io.loadmat(needShared("ex4weights.mat"))
    return mat["Theta1"].astype(float), mat["Theta2"].astype(float)


@pytest.fixture(scope="session")
def defaultDataDir(tmp_path_factory):
    """A folder holding the project's default X.in and y.in, built once per test run."""
    import dataset

    folder = tmp_path_factory.mktemp("default-data")
    dataset.buildDefault(folder)
    return folder


@pytest.fixture(scope="session")
def defaultData(defaultDataDir):
    """The default data set (5,000 MNIST digits in course format) as X (5000×400), y (5000×10)."""
    import dataset

    return dataset.loadData(defaultDataDir)
