"""A QGIS-free progress/cancel/log channel passed down to the science code.

Algorithms wrap their QgsProcessingFeedback in one; tests use the silent default.
"""
from .errors import Cancelled


class Reporter:
    def __init__(self, on_progress=None, on_info=None, on_warning=None,
                 is_canceled=None, start=0.0, end=1.0):
        self._on_progress = on_progress
        self._on_info = on_info
        self._on_warning = on_warning
        self._is_canceled = is_canceled
        self.start = start
        self.end = end
        self.messages = []  # kept so tests and callers can read the log

    def progress(self, fraction):
        """Report ``fraction`` (0..1) of this reporter's share of the work."""
        fraction = min(max(float(fraction), 0.0), 1.0)
        if self._on_progress:
            self._on_progress(100.0 * (self.start + fraction * (self.end - self.start)))

    def info(self, message):
        self.messages.append(message)
        if self._on_info:
            self._on_info(message)

    def warn(self, message):
        self.messages.append("WARNING: " + message)
        if self._on_warning:
            self._on_warning(message)

    def canceled(self):
        return bool(self._is_canceled and self._is_canceled())

    def check(self):
        """Raise Cancelled when the user asked to stop."""
        if self.canceled():
            raise Cancelled("Cancelled by the user.")

    def sub(self, a, b):
        """A child reporter covering fractions a..b of this one."""
        span = self.end - self.start
        child = Reporter(self._on_progress, self._on_info, self._on_warning, self._is_canceled,
                         self.start + a * span, self.start + b * span)
        child.messages = self.messages
        return child
