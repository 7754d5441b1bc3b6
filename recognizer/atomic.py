"""Atomic file writes: a crash, a full disk or Ctrl-C mid-write never leaves a half-written file,
and a set of files (a pair) is replaced all or nothing.

Each new file is first written in full to a temporary file in the same folder; only when every
one of them is complete are they renamed over their targets (os.replace is atomic for one file),
so each file is either the old one or the new one, never half written. If any write fails,
nothing is replaced and the temporary files are removed. The renames of a set happen one after
another: if a later one fails (or Ctrl-C lands between two), the files already replaced are put
back from hard-link backups taken just before, so the old set stays whole.

folderLock lets writers of a folder take turns and readers wait for a writer to finish (fcntl.flock
on the folder itself, so no lock file is ever left behind; Linux and macOS; on Windows there is no
lock, and the readers' pair-header check, which retries, is what keeps a pair from mixing). Every OSError leaving this module
names the user's file, never a hidden temporary one.
"""
import errno
import glob
import os
import secrets
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

LOCK_TIMEOUT = 60        # seconds to wait for another run to finish writing
LOCK_POLL = 0.05


def namedError(error, path):
    """error as an OSError of the same kind naming path (the user's file), not a temporary one."""
    return OSError(error.errno, error.strerror or str(error), str(path))


def temporaryName(path):
    """A hidden name beside path, of this module's own pattern: .NAME.RANDOM.tmp."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def writeFilesAtomically(writers):
    """writers maps each path to write(binary_file); write them all, then rename all; return the paths."""
    temporaries = {}
    try:
        for target, write in writers.items():
            target = Path(target)
            try:
                temporaries[target] = writeTemporary(target, write)
            except OSError as error:
                raise namedError(error, target) from None
        replaceAll(temporaries)
    finally:
        for tmp in temporaries.values():
            tmp.unlink(missing_ok=True)  # only leftovers of a failed run still exist here
    return list(temporaries)


def writeTemporary(target, write):
    """A hidden temporary file beside target holding what write(binary_file) writes, on disk."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix="." + target.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, filePermissions())  # mkstemp makes 0600: readable by its owner only
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def replaceAll(temporaries):
    """Rename each temporary file over its target; if any rename fails (or Ctrl-C comes), put back
    the targets already replaced, so the old set of files stays as it was."""
    backups, replaced = {}, []
    try:
        for path in temporaries:
            if path.exists():
                backups[path] = backUp(path)
        for path, tmp in temporaries.items():
            try:
                os.replace(tmp, path)
            except OSError as error:
                raise namedError(error, path) from None
            replaced.append(path)
    except BaseException:
        for path in replaced:
            if path in backups:
                os.replace(backups.pop(path), path)
            else:
                path.unlink(missing_ok=True)   # it did not exist before this write
        raise
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)


def backUp(path):
    """A hidden second name for path's current file (a hard link: no copy; a copy where links fail)."""
    backup = temporaryName(path)
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


def removeStaleTemporaries(paths):
    """Delete the temporary files of this module's own naming left beside paths by a killed run.

    Call only while holding the folder's exclusive lock: then no other run is writing them.
    """
    for path in map(Path, paths):
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)


@contextmanager
def folderLock(folder, exclusive):
    """Hold the folder's lock while the block runs: exclusive for a writer, shared for readers.

    Yields True when the lock is held, False where there is none (Windows, or a folder a reader
    can't open, e.g. one that does not exist yet). Waits up to LOCK_TIMEOUT seconds for
    another run, then raises an OSError naming the folder.
    """
    try:
        import fcntl
    except ImportError:          # Windows: no flock
        yield False
        return
    folder = Path(folder)
    fd = openFolder(folder, exclusive)
    if fd is None:
        yield False
        return
    try:
        waitForLock(fcntl, fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, folder)
        yield True
    finally:
        os.close(fd)             # closing releases the lock


def openFolder(folder, exclusive):
    """A file descriptor of the folder itself, to flock: nothing is created in it, so nothing can
    be left behind. A writer makes the folder first; a reader gets None when the folder can't be
    opened (its header check still holds)."""
    try:
        if exclusive:
            folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder, os.O_RDONLY)   # flock works on a read-only descriptor too
    except OSError as error:
        if exclusive:
            raise namedError(error, folder) from None
        return None


def waitForLock(fcntl, fd, kind, folder):
    """flock(fd, kind), trying again every LOCK_POLL seconds for up to LOCK_TIMEOUT seconds.
    (A lock dies with the process that held it: only a run still going can keep it.)"""
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise OSError(errno.EBUSY, f"another run has been writing here for over "
                              f"{LOCK_TIMEOUT} s; wait for it to finish, or stop it",
                              str(folder)) from None
            time.sleep(LOCK_POLL)


def checkWritable(folder, needed=0):
    """Make folder if needed and check that a file of `needed` bytes can be written in it now,
    so that a read-only or full folder is found before a long run rather than after it.
    Raises an OSError naming the folder."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".write-check.") as f:
            f.write(b"\0" * needed)
            f.flush()
            os.fsync(f.fileno())
    except OSError as error:
        raise namedError(error, folder) from None


def filePermissions():
    """The permissions a newly created file gets under this process's umask (0644 for umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def writeAtomically(path, write):
    """One file: call write(binary_file) on a temporary file, then rename it to path."""
    return writeFilesAtomically({path: write})[0]


def textWriter(array, fmt="%.17g", header=""):
    """A writer for writeFilesAtomically: the 2-D array as comma-separated text, after a '# header'
    line when header is given.

    np.loadtxt(path, delimiter=",") reads it back (a '#' line is a comment to it); "%.17g" keeps
    every bit of a float64, so weights round-trip exactly.
    """
    return lambda f: np.savetxt(f, np.atleast_2d(array), fmt=fmt, delimiter=",", header=header)
