"""Message size and rate per conversation."""

from __future__ import annotations

import pytest

from kontor.limits import OK, TOO_FAST, TOO_LONG, ChatLimits


def test_a_long_message_is_refused_with_its_length() -> None:
    limits = ChatLimits(max_chars=2000)
    text = "x" * 10_240
    assert limits.check("a", text, 0.0) == TOO_LONG
    assert "10.240 Zeichen" in limits.reply(TOO_LONG, text, "de")
    assert "höchstens 2.000 Zeichen" in limits.reply(TOO_LONG, text, "de")
    assert "10,240 characters" in limits.reply(TOO_LONG, text, "en")
    assert limits.check("a", "x" * 2000, 0.0) == OK


def test_a_burst_then_one_message_every_few_seconds() -> None:
    limits = ChatLimits(burst=3, per_seconds=3.0)
    assert [limits.check("a", "hi", 0.0) for _ in range(4)] == [OK, OK, OK, TOO_FAST]
    assert limits.check("b", "hi", 0.0) == OK  # another visitor is not affected
    assert limits.check("a", "hi", 1.0) == TOO_FAST
    assert limits.check("a", "hi", 3.5) == OK  # a person typing never notices


def test_idle_conversations_are_forgotten() -> None:
    limits = ChatLimits(forget_after=600)
    for number in range(100):
        limits.check(str(number), "hi", 0.0)
    limits.check("late", "hi", 700.0)
    assert len(limits._buckets) == 1


@pytest.mark.parametrize(
    "env",
    [
        {"KONTOR_MAX_MESSAGE_CHARS": "viel"},
        {"KONTOR_RATE_BURST": "0"},
        {"KONTOR_RATE_PER_SECONDS": "-1"},
    ],
)
def test_bad_settings_are_named(env: dict) -> None:
    with pytest.raises(ValueError, match="chat limits"):
        ChatLimits.from_env(env)
