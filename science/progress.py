"""A QGIS-free progress/cancel/log channel passed down to the science code.

Algorithms wrap their QgsProcessingFeedback in one; tests use the silent default.
"""
from .errors import Cancelled, format_message


class Reporter:
    """``info(template, *args)`` / ``warn(template, *args)``: ``messages`` keeps the English text, the
    callbacks get it through ``translate`` (the algorithms pass their tr(); identity by default)."""

    def __init__(self, on_progress=None, on_info=None, on_warning=None,
                 is_canceled=None, start=0.0, end=1.0, translate=None):
        self._on_progress = on_progress
        self._on_info = on_info
        self._on_warning = on_warning
        self._is_canceled = is_canceled
        self._translate = translate
        self.start = start
        self.end = end
        self.messages = []  # kept so tests and callers can read the log

    def progress(self, fraction):
        """Report ``fraction`` (0..1) of this reporter's share of the work."""
        fraction = min(max(float(fraction), 0.0), 1.0)
        if self._on_progress:
            self._on_progress(100.0 * (self.start + fraction * (self.end - self.start)))

    def info(self, template, *args):
        self._emit(self._on_info, "", template, args, args)

    def warn(self, template, *args):
        self._emit(self._on_warning, "WARNING: ", template, args, args)

    def _emit(self, callback, prefix, template, args, shown_args):
        """``messages`` gets the English text; ``callback`` the translated one, formatted with
        ``shown_args`` (Phase passes its translated name there)."""
        self.messages.append(prefix + format_message(template, args))
        if callback:
            callback(format_message(template, shown_args, self._translate))

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
                         self.start + a * span, self.start + b * span, self._translate)
        child.messages = self.messages
        return child


class Phase(Reporter):
    """A Reporter for one phase of a run (covering what ``reporter`` covers): logs the phase's start, its
    elapsed time and an ETA at most every ``every`` (fraction), and the end (``done``):
    "decoding: 40 % in 1 min 12 s, about 1 min 48 s left". ``name`` is a template formatted with ``args``."""

    def __init__(self, reporter, name, *args, every=0.1):
        import time

        super().__init__(reporter._on_progress, reporter._on_info, reporter._on_warning, reporter._is_canceled,
                         reporter.start, reporter.end, reporter._translate)
        self.messages = reporter.messages
        self._time = time.perf_counter
        self.name, self.every = format_message(name, args), every
        self._shown = format_message(name, args, self._translate)
        self.started = self._time()
        self._next = every
        self._line("%s ...")

    def _line(self, template, *args):
        """A line led by the phase's name (translated with the line for the callback)."""
        self._emit(self._on_info, "", template, (self.name,) + args, (self._shown,) + args)

    def progress(self, fraction):
        fraction = min(max(float(fraction), 0.0), 1.0)
        super().progress(fraction)
        if self._next <= fraction < 1.0:
            elapsed = self._time() - self.started
            left = elapsed * (1.0 - fraction) / max(fraction, 1e-9)
            self._line("%s: %d %% in %s, about %s left", int(100 * fraction), duration(elapsed), duration(left))
            self._next = (int(fraction / self.every) + 1) * self.every

    def done(self, detail=""):
        super().progress(1.0)
        elapsed = self._time() - self.started
        self._line("%s: done in %s%s", duration(elapsed), (", " + detail) if detail else "")
        return elapsed


def duration(seconds):
    seconds = int(round(seconds))
    if seconds < 60:
        return "%d s" % seconds
    if seconds < 3600:
        return "%d min %02d s" % divmod(seconds, 60)
    return "%d h %02d min" % (seconds // 3600, seconds % 3600 // 60)
