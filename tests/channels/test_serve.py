"""Starting Rasa: the token from the environment or a file, never from argv."""

from __future__ import annotations

from pathlib import Path

import pytest

from channels.serve import SecretMissing, main, rasa_arguments, token_from


def test_the_token_comes_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert token_from({"KONTOR_RASA_TOKEN": " abc123 "}) == "abc123"
    secret = tmp_path / "rasa-token"
    secret.write_text("aus-der-datei\n", encoding="utf-8")
    assert (
        token_from(
            {"KONTOR_RASA_TOKEN_FILE": str(secret), "KONTOR_RASA_TOKEN": "nicht-diese"}
        )
        == "aus-der-datei"
    )


@pytest.mark.parametrize(
    "env, said",
    [
        ({}, "needs a token"),
        ({"KONTOR_RASA_TOKEN": "change-me"}, "needs a token"),
        ({"KONTOR_RASA_TOKEN_FILE": "/nirgends/token"}, "/nirgends/token"),
    ],
)
def test_no_usable_token_is_named(env: dict, said: str) -> None:
    with pytest.raises(SecretMissing, match=said):
        token_from(env)


def test_rasa_listens_on_loopback_unless_told() -> None:
    assert rasa_arguments(["--port", "5005"], {})[-2:] == ["--interface", "127.0.0.1"]
    assert (
        rasa_arguments(["--port", "5005"], {"KONTOR_RASA_HOST": "10.0.0.5"})[-1]
        == "10.0.0.5"
    )
    assert rasa_arguments(["-i", "0.0.0.0"], {}) == ["run", "-i", "0.0.0.0"]


def test_a_token_on_the_command_line_is_refused(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SecretMissing, match="not on the command line"):
        rasa_arguments(["--auth-token", "geheim"], {})
    assert main(["rasa", "--enable-api", "--auth-token=geheim"]) == 2
    assert "nicht" not in capsys.readouterr().out  # said on stderr
    assert main(["webserver"]) == 2
