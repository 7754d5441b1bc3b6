"""Two pictures drawn at once: train.py draws Learning.gif in a second process while this one
draws the other pictures of its report.

Drawing a picture keeps one core busy and the machine has two or more, so after training the
GIF's 24 frames and the five other pictures, each about 0.7 s, take as long as one of them
instead of both. The second process is a fork of this one (Linux): it starts at once with all
the drawing needs already in memory (the network, the held-out digits, matplotlib imported),
draws exactly what this process would have drawn, and sends back through a pipe the path it
saved or the error it met, which result() then raises here as if it had been met here. Where
there is no safe fork (Windows, macOS), or the second process ends without an answer, the
picture is drawn here, after the others: slower, never different.
"""
import os
import pickle
import select
import signal
import sys

# Linux only: on macOS a fork of a process that has used the system's libraries (Accelerate, on
# which NumPy may run its products) is not safe, and Python itself no longer forks there by
# default. Tests that watch the drawing from this process turn it off.
FORK = sys.platform.startswith("linux")
WAIT = 120                    # seconds for the second process's answer (it takes about 1 s)


class Aside:
    """draw(*args) run in a second process from the moment the block starts:

        with Aside(animation.saveAnimation, snapshots, X, y, plotsDir) as gif:
            ...draw the other pictures here...
            path = gif.result()       # waits for it; raises what draw raised

    Leaving the block, by an error or Ctrl-C too, ends the second process and waits for it."""

    def __init__(self, draw, *args):
        self.draw, self.args, self.pid, self.pipe = draw, args, None, None

    def __enter__(self):
        if FORK:
            sys.stdout.flush()        # else what is buffered here would be written twice
            sys.stderr.flush()
            reading, writing = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(reading)
                self.answer(writing)  # never returns
            os.close(writing)
            self.pid, self.pipe = pid, os.fdopen(reading, "rb")
        return self

    def answer(self, writing):
        """In the second process: draw, send ("saved", what draw returned) or ("failed", the
        error) down the pipe, and end without running this process's exit handlers."""
        try:
            answer = ("saved", self.draw(*self.args))
        except BaseException as error:   # noqa: BLE001  every ending is the parent's to report
            answer = ("failed", error)
        try:
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(pickle.dumps(answer))
            sys.stdout.flush()
        finally:
            os._exit(0)

    def result(self):
        """What draw(*args) returned (drawn in the second process, or here when there is none or
        it ended, or stayed WAIT seconds, without an answer); raises what it raised."""
        if self.pid is None:
            return self.draw(*self.args)
        answered, _, _ = select.select([self.pipe], [], [], WAIT)
        if not answered:              # stuck: stop it, and draw here
            self.finish(stop=True)
            return self.draw(*self.args)
        data = self.pipe.read()
        self.finish()
        try:
            kind, value = pickle.loads(data)
        except Exception:                # noqa: BLE001  no answer, or one that cannot be read
            return self.draw(*self.args)
        if kind == "failed":
            raise value
        return value

    def finish(self, stop=False):
        """Close the pipe and wait for the second process (stopping it first when told)."""
        if self.pid is None:
            return
        if stop:
            os.kill(self.pid, signal.SIGKILL)
        self.pipe.close()
        os.waitpid(self.pid, 0)
        self.pid = None

    def __exit__(self, kind, error, traceback):
        self.finish(stop=kind is not None)   # its picture is not wanted when this one failed
        return False
