"""Records every outbound connection a Python process of the test stack attempts.

Put on PYTHONPATH by tests/conftest_stack.py with KONTOR_TEST_EGRESS_LOG naming a
file; Python imports this module at start-up in every process (Rasa, the action
server, the web server, the workers). An audit hook (PEP 578) sees every
``socket.connect`` and name lookup, whichever library makes it, and appends one JSON
line per attempt. tests/e2e/test_no_egress.py reads the file.
"""

from __future__ import annotations

import json
import os
import sys

_LOG = os.environ.get("KONTOR_TEST_EGRESS_LOG")


def _record(event: str, args: tuple) -> None:
    if event == "socket.connect":
        target = args[1]
    elif event == "socket.getaddrinfo":
        target = args[0]
    else:
        return
    try:
        line = json.dumps(
            {
                "event": event,
                "target": repr(target),
                "pid": os.getpid(),
                "argv": sys.argv[:3],
            }
        )
        with open(_LOG, "a", encoding="utf-8") as out:  # type: ignore[arg-type]
            out.write(line + "\n")
    except Exception:  # an audit hook must never break the process it watches
        pass


if _LOG:
    sys.addaudithook(_record)
