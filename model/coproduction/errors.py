"""Errors that a user caused and can fix (exit code 2 on the command line)."""


class InputError(ValueError):
    """Bad input: the message names the key, the value, what is allowed and where."""
