"""Errors the algorithms turn into messages a user can act on."""


class InputError(Exception):
    """Bad input or parameters: the message says what to change."""


class NoSpace(InputError):
    """The disk holding an output is full."""


class Cancelled(Exception):
    """The user cancelled a long run."""
