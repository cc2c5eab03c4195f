"""Nothing leaves the machine: Rasa's telemetry is off wherever we start Rasa."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_env_example_and_makefile_switch_telemetry_off() -> None:
    assert re.search(
        r"^RASA_TELEMETRY_ENABLED=false$", (REPO / ".env.example").read_text(), re.M
    )
    assert re.search(
        r"^export RASA_TELEMETRY_ENABLED := false$",
        (REPO / "Makefile").read_text(),
        re.M,
    )


def test_rasa_honours_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa import telemetry

    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "false")
    assert telemetry.is_telemetry_enabled() is False
