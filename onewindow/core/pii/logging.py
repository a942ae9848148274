"""A logging filter that masks ID numbers and phones in every log line."""

import logging

from .masking import mask_text

# Used only to render a traceback early so that it can be masked too.
_traceback_formatter = logging.Formatter()


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A bad format string would make logging print the raw args to stderr:
            # log them as text instead, masked like everything else.
            message = f"{record.msg} {record.args!r}"
            record.msg, record.args = message, ()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        # Exception messages carry values too ("invalid literal ... '13812345678x'").
        # Formatters reuse record.exc_text when it is already set.
        if record.exc_info and not record.exc_text:
            record.exc_text = _traceback_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
