"""cli.py — what the command-line scripts share: one-line argument errors and checked option types.

A bad argument ends a script with exit code 2 and one line on stderr that names the argument
and how to fix it, as argparse's own errors do, but without the usage block above it.
"""
import argparse
import sys
from pathlib import Path


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


def number(text, kind, convert):
    """text converted by convert, or an argparse error naming what was expected."""
    try:
        return convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {kind}") from None


def positiveInt(text):
    """argparse type: a whole number ≥ 1."""
    value = number(text, "a whole number", int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number ≥ 1")
    return value


def nonNegativeFloat(text):
    """argparse type: a number ≥ 0."""
    value = number(text, "a number", float)
    if not value >= 0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"{text} is not a number ≥ 0")
    return value


def nonNegativeFloats(text):
    """argparse type: one number ≥ 0, or several separated by commas ("0.1,0.3,1"), each given
    once; returned as a list in the order given."""
    items = [item.strip() for item in text.split(",")]
    try:
        values = [nonNegativeFloat(item) for item in items]
    except argparse.ArgumentTypeError as error:
        if len(items) == 1:
            raise
        raise argparse.ArgumentTypeError(f"{error}, in {text!r} (give numbers ≥ 0 separated "
                                         f"by commas)") from None
    for i, value in enumerate(values):
        if value in values[:i]:
            raise argparse.ArgumentTypeError(f"{items[i]} appears twice in {text!r}; "
                                             f"give each value once")
    return values


def fraction(text):
    """argparse type: a number from 0 up to, not including, 1."""
    value = number(text, "a number", float)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a number from 0 up to (not including) 1")
    return value


def folder(text):
    """argparse type: a folder path (it may not exist yet, but must not be a file)."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder")
    return path


def exitCode(script, run, dataErrors):
    """run() → its exit code, with the user's mistakes as one line on stderr and no traceback:
    2 for a bad argument (UsageError), 1 for bad data (dataErrors; OSError covers e.g. a
    read-only folder), 130 for Ctrl-C."""
    try:
        return run()
    except UsageError as error:
        print(f"{script}: error: {error}", file=sys.stderr)
        return 2
    except (*dataErrors, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # training handles its own Ctrl-C; elsewhere nothing is half done
        print("\nStopped.", file=sys.stderr)
        return 130
