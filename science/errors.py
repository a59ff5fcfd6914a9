"""Errors the algorithms turn into messages a user can act on."""


class InputError(Exception):
    """Bad input or parameters: the message says what to change."""


class Cancelled(Exception):
    """The user cancelled a long run."""
