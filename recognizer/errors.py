"""The project's two errors for what a user can fix: bad input, and a setting that cannot work.

Library code says what is wrong; the script that called it adds which option fixes it (see
SettingError), so no module of the package needs to know the scripts' flags. This module imports
nothing, so the scripts' command-line helpers (cli.py) can load it before NumPy.
"""


class DataError(Exception):
    """The project's one error for bad input (a file, a picture, a value): str(error) is ONE line
    that names the file (and line or row where it applies) and says how to fix it."""

    def __init__(self, message):
        super().__init__(" ".join(str(message).splitlines()))  # library texts may hold newlines


class SettingError(Exception):
    """A training setting that cannot work with this data (too many hidden units for the memory,
    a held-out share that leaves no training digits, ...). `setting` names the field of
    settings.Settings; `message` is one line in which "{option}" stands where the script writes
    the option that sets it (train.py: "--hidden"), e.g. "{option} 500000 needs about 90 GB"."""

    def __init__(self, setting, message):
        super().__init__(message)
        self.setting, self.message = setting, message

    def forOption(self, option):
        """The message with the script's option in place: what the user reads."""
        return self.message.replace("{option}", option)
