"""Starts Rasa's server or the action server with secrets from the environment.

``rasa run --auth-token TOKEN`` puts the token of Rasa's HTTP API into the command
line, where every local user reads it with ``ps``. This starts the same ``rasa run``
(all its arguments passed through) with the token from ``KONTOR_RASA_TOKEN`` or from
the file named by ``KONTOR_RASA_TOKEN_FILE`` (a Docker or systemd secret), handed to
Rasa in the process. Both servers listen on 127.0.0.1 unless ``KONTOR_RASA_HOST`` /
``KONTOR_ACTION_HOST`` say otherwise (a load balancer on another machine).

    python -m channels.serve rasa --model models/kontor.tar.gz --port 5005 …
    python -m channels.serve actions --port 5055 --actions actions
"""

from __future__ import annotations

import os
import sys
from typing import Any, List, Mapping, Optional, Sequence

from kontor.settings import rasa_token

LOOPBACK = "127.0.0.1"


class SecretMissing(Exception):
    """No token configured although Rasa's API is switched on."""


def token_from(env: Mapping[str, str]) -> str:
    """The API token (kontor.settings.rasa_token); SecretMissing if there is none."""
    try:
        token = rasa_token(env)
    except ValueError as error:
        raise SecretMissing(str(error)) from None
    if not token or token == "change-me":
        raise SecretMissing(
            "Rasa's HTTP API needs a token: set KONTOR_RASA_TOKEN (make run writes a "
            "random one into .env) or KONTOR_RASA_TOKEN_FILE"
        )
    return token


def rasa_arguments(argv: Sequence[str], env: Mapping[str, str]) -> List[str]:
    """``rasa run`` arguments: the given ones, bound to loopback unless said."""
    if any(a in ("--auth-token", "-t") or a.startswith("--auth-token=") for a in argv):
        raise SecretMissing(
            "pass the token in KONTOR_RASA_TOKEN or KONTOR_RASA_TOKEN_FILE, "
            "not on the command line"
        )
    arguments = ["run", *argv]
    if "-i" not in argv and "--interface" not in argv:
        arguments += ["--interface", env.get("KONTOR_RASA_HOST", LOOPBACK)]
    return arguments


def serve_rasa(argv: Sequence[str], env: Mapping[str, str]) -> None:
    """Rasa's own ``rasa run`` with the token set on its parsed arguments."""
    arguments = rasa_arguments(argv, env)
    token = token_from(env) if "--enable-api" in argv else None
    # the token lives on in Rasa's arguments only, not in the environment that
    # child processes and crash reports see
    os.environ.pop("KONTOR_RASA_TOKEN", None)
    import rasa.__main__
    import rasa.cli.run

    # a tracker store Rasa cannot import would silently become an in-memory one
    import stores.redacting  # noqa: F401

    run = rasa.cli.run.run

    def run_with_token(args: Any) -> None:
        args.auth_token = token
        run(args)

    # Rasa's parser binds the `run` command to this function when it is built
    rasa.cli.run.run = run_with_token
    sys.argv = ["rasa", *arguments]
    rasa.__main__.main()


def serve_actions(argv: Sequence[str], env: Mapping[str, str]) -> None:
    """rasa-sdk's action server; it reads its address from SANIC_HOST."""
    os.environ["SANIC_HOST"] = env.get("KONTOR_ACTION_HOST", LOOPBACK)
    os.environ.pop("KONTOR_RASA_TOKEN", None)  # the action server never needs it
    import rasa_sdk.__main__

    sys.argv = ["rasa_sdk", *argv]
    rasa_sdk.__main__.main()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``rasa`` or ``actions``, then the server's own arguments."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("rasa", "actions"):
        print(
            "Aufruf: python -m channels.serve rasa|actions [Argumente von rasa run]",
            file=sys.stderr,
        )
        return 2
    try:
        if argv[0] == "rasa":
            serve_rasa(argv[1:], os.environ)
        else:
            serve_actions(argv[1:], os.environ)
    except SecretMissing as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
