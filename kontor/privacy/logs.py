"""Log lines without personal data.

``install`` makes every log record of the process pass through ``redact`` when it is
created, so an e-mail address a visitor typed never reaches a log file, whichever
library logs it (Rasa logs received messages at debug level). Records are only
created for levels that are switched on, so the cost is paid only for lines written.
Tracebacks are left as they are.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from kontor.privacy.redaction import redact

_installed = False


def install() -> None:
    """Redacts every log record of this process from now on (once; idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    logging.setLogRecordFactory(_redacting(logging.getLogRecordFactory()))


def _redacting(
    make: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string stays broken, as logging reports it
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return record

    return factory
