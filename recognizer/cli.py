"""What the command-line scripts share: one-line argument errors and checked option types.

A bad argument ends a script with exit code 2 and one line on stderr that names the argument
and how to fix it, as argparse's own errors do, but without the usage block above it.
"""
import argparse
import atexit
import errno
import gc
import os
import signal
import sys
from pathlib import Path

from recognizer.errors import DataError, SettingError   # no NumPy: cli loads before it (quietCtrlC)

LONGEST_ECHO = 40        # characters of a user's text repeated in an error line
OS_FIXES = {
    errno.ENOSPC: "free some disk space, or write to another folder (--data-dir, --plots-dir)",
    errno.EDQUOT: "free some of your disk quota, or write to another folder (--data-dir, --plots-dir)",
    errno.EACCES: "check its permissions, or use another folder (--data-dir, --plots-dir)",
    errno.EPERM: "check its permissions (or chattr -i), or use another folder (--data-dir, --plots-dir)",
    errno.EROFS: "the disk is read-only: write to another folder (--data-dir, --plots-dir)",
    errno.ENOTDIR: "a part of that path is a file, not a folder: give another folder",
    errno.EISDIR: "that is a folder: give a file",
}


class UsageError(Exception):
    """A bad argument found after parsing (e.g. an index past the data set's end): exit code 2."""


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: 'train.py: error: … (see --help)'."""

    def error(self, message):
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def scriptParser(doc):
    """A OneLineParser for a script whose docstring is 'name.py — summary\\n\\nusage and details'.
    The program's name comes from the docstring, not sys.argv, so that main([...]) called from
    a test or another script still says 'train.py: error: …'."""
    summary, details = doc.split("\n\n", 1)
    return OneLineParser(prog=summary.split(" — ")[0], description=summary, epilog=details,
                         formatter_class=argparse.RawDescriptionHelpFormatter)


def echo(text):
    """A user's text as an error line repeats it: cut to LONGEST_ECHO characters."""
    text = str(text)
    return text if len(text) <= LONGEST_ECHO else text[:LONGEST_ECHO] + "…"


def number(text, kind, convert):
    """text converted by convert, or an argparse error naming what was expected."""
    try:
        return convert(text)
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"{echo(text)!r} is not {kind}") from None


def wholeNumberFrom(low, high=None):
    """argparse type: a whole number from low (up to high, when given)."""
    def convert(text):
        value = number(text, "a whole number", int)
        if value < low or (high is not None and value > high):
            upTo = f" and ≤ {high:,}" if high is not None else ""
            raise argparse.ArgumentTypeError(f"{echo(text)} is not a whole number ≥ {low}{upTo}")
        return value
    return convert


positiveInt = wholeNumberFrom(1)           # argparse type: a whole number ≥ 1
nonNegativeInt = wholeNumberFrom(0)        # argparse type: a whole number ≥ 0


def numberUpTo(high):
    """argparse type: a number from 0 up to high (inf and nan refused)."""
    def convert(text):
        value = number(text, "a number", float)
        if not 0 <= value <= high:  # also rejects nan
            raise argparse.ArgumentTypeError(f"{echo(text)} is not a number from 0 to {high:,.10g}")
        return value
    return convert


def numbersUpTo(high):
    """argparse type: one number from 0 up to high, or several separated by commas
    ("0.1,0.3,1"), each given once; returned as a list in the order given."""
    return several(numberUpTo(high))


def several(one):
    """argparse type: one value that the type `one` accepts, or several separated by commas
    ("5,10,25"), each given once; returned as a list in the order given."""
    def convert(text):
        items = [item.strip() for item in text.split(",")]
        try:
            values = [one(item) for item in items]
        except argparse.ArgumentTypeError as error:
            if len(items) == 1:
                raise
            raise argparse.ArgumentTypeError(f"{error}, in {echo(text)!r} (give numbers separated "
                                             f"by commas)") from None
        for i, value in enumerate(values):
            if value in values[:i]:
                raise argparse.ArgumentTypeError(f"{items[i]} appears twice in {echo(text)!r}; "
                                                 f"give each value once")
        return values
    return convert


def fraction(text):
    """argparse type: a number from 0 up to, not including, 1."""
    value = number(text, "a number", float)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a number from 0 up to (not including) 1")
    return value


def folder(text):
    """argparse type: a folder path (it may not exist yet, but neither it nor a folder above it
    may be a file; an empty text is refused rather than taken for the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name: give a folder, e.g. data")
    path = Path(text)
    for above in (path, *path.parents):
        if above.exists() or above.is_symlink():
            if not above.is_dir():
                where = "is a file" if above == path else f"is under {above}, which is a file"
                raise argparse.ArgumentTypeError(f"{echo(text)} {where}, not a folder")
            break
    return path


def exitCode(script, run, options=None):
    """run() → its exit code, with the user's mistakes as one line on stderr and no traceback:
    2 for a bad argument (UsageError, or a SettingError: `options` maps its setting to the
    script's option, e.g. {"hidden": "--hidden"}, which the line then names), 1 for bad data
    (DataError, an OSError such as a read-only folder, or running out of memory), 130 for Ctrl-C."""
    if signal.getsignal(signal.SIGINT) is stopAtOnce:   # from here on Ctrl-C is handled below
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run()
    except UsageError as error:
        print(f"{script}: error: {error}", file=sys.stderr)
        return 2
    except SettingError as error:
        option = (options or {}).get(error.setting, error.setting)
        print(f"{script}: error: {error.forOption(option)}", file=sys.stderr)
        return 2
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {osErrorLine(error)}", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"error: {script} ran out of memory; close other programs, or give it less to do "
              f"(fewer examples or hidden units)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # the one route to 130 (train.py saves what it reached first)
        print("\nStopped.", file=sys.stderr)
        return 130


def osErrorLine(error):
    """An OSError as one line: the file it names (the user's, see atomic.py), what went wrong, and
    what to do about it."""
    reason = error.strerror or str(error) or type(error).__name__
    fix = OS_FIXES.get(error.errno, "check the path and try again")
    where = f"{error.filename}: " if error.filename else ""
    return " ".join(f"{where}{reason}; {fix}".splitlines())


def endQuickly():
    """For a script run from the shell: end without Python's last search for reference cycles.

    As a process ends, Python searches every object it still holds for cycles to free; with
    NumPy, SciPy and matplotlib loaded that takes about 0.1 s of the learner's wait, for
    nothing, as the operating system takes the memory back anyway. gc.freeze() at exit leaves
    them all out of that search (bench/README.md: train.py's exit 0.14 s → 0.04 s). No file
    waits on it: every file here is written and closed by then (atomic.py)."""
    atexit.register(gc.freeze)


def setUpStreams():
    """For a script run from the shell: printing never ends the run.

    A character the terminal's encoding lacks (λ under cp1252) is printed as '?', and when the
    reader of stdout goes away (train.py | head -3) the rest of the output is dropped while the
    work goes on and is saved (Python's recommended way: stdout pointed at os.devnull).
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.stdout = PipeSafe(sys.stdout)


class PipeSafe:
    """A text stream that, once its reader has gone (BrokenPipeError), writes to os.devnull."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self.toDevnull()
            return len(text)

    def flush(self):
        try:
            self.stream.flush()
        except BrokenPipeError:
            self.toDevnull()

    def toDevnull(self):
        """Point the stream's file descriptor at os.devnull, so that later writes (and the flush
        at exit) succeed silently."""
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self.stream.fileno())
        os.close(devnull)

    def __getattr__(self, name):
        return getattr(self.stream, name)


def stopAtOnce(signum, frame):
    """A SIGINT handler: one line, exit code 130, no traceback (see quietCtrlC)."""
    os.write(2, b"\nStopped.\n")
    os._exit(130)


def quietCtrlC():
    """Until exitCode runs: Ctrl-C ends the script at once with exit code 130 and one line, no
    traceback (the libraries take a second or more to load, and nothing is half done yet)."""
    signal.signal(signal.SIGINT, stopAtOnce)
