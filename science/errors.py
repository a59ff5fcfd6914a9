"""Errors the algorithms turn into messages a user can act on, and the message formatting they share with
the Reporter: a template and its values, so the algorithms can show the template translated."""
import re

# printf-style conversions ("%s", "%.0f", "%(name)s"); "%%" is matched whole so "%% in" is not "% i"
_CONVERSION = re.compile(r"%(?:%|(?:\([^)]*\))?[-+0# ]*\d*(?:\.\d+)?[sdifgeExXrac])")


def _conversions(text):
    return [c for c in _CONVERSION.findall(text) if c != "%%"]


def format_message(template, args, translate=None):
    """``template % args`` (``template`` alone without args), with ``template`` first passed through
    ``translate``; a translation whose placeholders differ from the template's, or that does not format,
    gives the English message (a bad translation must never hide the error)."""
    text = translate(template) if translate else template
    if text != template and _conversions(text) != _conversions(template):  # the same, in the same order
        text = template
    if not args:
        return text
    try:
        return text % args
    except (TypeError, ValueError, KeyError):
        return template % args


class InputError(Exception):
    """Bad input or parameters: the message says what to change. ``InputError(template, *args)``: str() is
    the English ``template % args``; ``template`` and ``args`` stay for the translated message."""

    def __init__(self, template, *args):
        super().__init__(*args)
        self.template = template

    def __str__(self):
        return format_message(self.template, self.args)

    def __repr__(self):
        return "InputError(%r)" % str(self)

    def __reduce__(self):  # pickle and copy rebuild it from the template and its values
        return type(self), (self.template,) + self.args


class NoSpace(InputError):
    """The disk holding an output is full."""


class Cancelled(Exception):
    """The user cancelled a long run."""
