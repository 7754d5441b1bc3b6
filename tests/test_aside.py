"""A picture drawn in a second process (recognizer/aside.py): the same file as drawn here; what
went wrong there is raised here; no answer means it is drawn here; leaving early ends it."""
import errno
import os
import time

import numpy as np
import pytest

from NN import Neural_Network
from recognizer import animation, aside

pytestmark = pytest.mark.skipif(not aside.FORK, reason="no fork here: aside draws in-process")


def whereDrawn():
    return os.getpid()


def test_it_is_drawn_in_another_process_and_here_when_fork_is_off(monkeypatch):
    with aside.Aside(whereDrawn) as drawn:
        assert drawn.result() != os.getpid()
    monkeypatch.setattr(aside, "FORK", False)
    with aside.Aside(whereDrawn) as drawn:
        assert drawn.result() == os.getpid()


def test_the_gif_drawn_aside_is_the_gif_drawn_here(defaultData, tmp_path, monkeypatch):
    X, y = defaultData[0][::50], defaultData[1][::50]
    nn = Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=3, seed=0)
    snapshots = animation.Snapshots(nn, iterations=[0, 1, 2])
    rng = np.random.default_rng(0)
    for iteration in (1, 2):
        nn.W1, nn.W2 = nn.W1 + rng.normal(0, 0.05, nn.W1.shape), nn.W2 + rng.normal(0, 0.5, nn.W2.shape)
        nn.costs = [2.0, 1.5][:iteration]
        snapshots(iteration, nn.costs[-1])
    files = {}
    for fork in (True, False):
        monkeypatch.setattr(aside, "FORK", fork)
        folder = tmp_path / str(fork)
        folder.mkdir()
        with aside.Aside(animation.saveAnimation, snapshots, X, y, folder) as drawn:
            path = drawn.result()
        assert path == folder / "Learning.gif"
        files[fork] = path.read_bytes()
    assert files[True] == files[False] and len(files[True]) > 1000


def failing():
    raise OSError(errno.ENOSPC, "No space left on device", "plots/Learning.gif")


def test_an_error_there_is_raised_here():
    with aside.Aside(failing) as drawn:
        with pytest.raises(OSError) as caught:
            drawn.result()
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == "plots/Learning.gif"


def test_no_answer_from_there_means_it_is_drawn_here():
    parent = os.getpid()

    def diesThere():
        if os.getpid() != parent:
            os._exit(3)               # killed, crashed: nothing sent back
        return "drawn here"

    with aside.Aside(diesThere) as drawn:
        assert drawn.result() == "drawn here"


def test_a_second_process_that_does_not_answer_is_stopped_and_it_is_drawn_here(monkeypatch):
    parent = os.getpid()

    def hangsThere():
        if os.getpid() != parent:
            time.sleep(60)            # stuck
        return "drawn here"

    monkeypatch.setattr(aside, "WAIT", 0.5)
    started = time.perf_counter()
    with aside.Aside(hangsThere) as drawn:
        child = drawn.pid
        assert drawn.result() == "drawn here"
    assert time.perf_counter() - started < 30
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)     # stopped and waited for


def test_leaving_the_block_early_ends_the_second_process():
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        with aside.Aside(time.sleep, 60) as drawn:
            child = drawn.pid
            raise KeyboardInterrupt      # Ctrl-C while the others are drawn
    assert time.perf_counter() - started < 30 and drawn.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)     # ended and already waited for: no such child
