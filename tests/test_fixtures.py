"""The real-data fixture: a missing ../shared/data file skips locally but fails in CI."""
import pytest

import conftest


def test_missing_shared_file_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-file.mat is missing"):
        conftest.needShared("no-such-file.mat")


def test_missing_shared_file_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-file.mat is missing"):
        conftest.needShared("no-such-file.mat")


def test_present_shared_file_is_returned():
    assert conftest.needShared("ex4weights.mat").name == "ex4weights.mat"
