"""Saved phrases per unit: kept, listed, refused and removed, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.settings import Settings
from stores.db import make_engine
from stores.phrases import (
    MAX_LENGTH,
    MAX_PER_UNIT,
    PhraseError,
    add_phrase,
    get_phrase,
    phrases_of,
    remove_phrase,
)

TREE = OrgTree.default()
NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.sqlalchemy_url)
    yield engine
    engine.dispose()


def add(engine: Engine, unit: str, text: str) -> int:
    return add_phrase(engine, TREE, unit, text, "zhao", NOW).id


def test_each_unit_keeps_its_own_phrases_oldest_first(engine: Engine) -> None:
    add(engine, "jc.donghu.hubin", "已签收，立即组织核查。")
    add(engine, "jc.swj", "已安排管网巡查。")
    add(engine, "jc.donghu.hubin", "  已现场核查，情况属实。  ")
    hubin = phrases_of(engine, ["jc.donghu.hubin"])
    assert [p.text for p in hubin] == ["已签收，立即组织核查。", "已现场核查，情况属实。"]
    assert hubin[0].created_by == "zhao" and hubin[0].created_at == NOW
    both = phrases_of(engine, ["jc.swj", "jc.donghu.hubin"])
    assert [p.unit_id for p in both] == ["jc.swj", "jc.donghu.hubin", "jc.donghu.hubin"]
    assert phrases_of(engine, []) == [] and phrases_of(engine, ["jc.xishan"]) == []


@pytest.mark.parametrize(
    ("unit", "text", "message"),
    [
        ("jc.donghu.hubin", "   ", "needs some text"),
        ("jc.donghu.hubin", "字" * (MAX_LENGTH + 1), "at most 500 characters"),
        ("jc.mars", "已签收。", "unknown org unit"),
    ],
)
def test_a_blank_long_or_unplaced_phrase_is_refused(
    engine: Engine, unit: str, text: str, message: str
) -> None:
    with pytest.raises(PhraseError, match=message):
        add(engine, unit, text)
    assert phrases_of(engine, [unit]) == []


def test_a_repeat_and_one_too_many_are_refused(engine: Engine) -> None:
    add(engine, "jc", "请按期办结。")
    with pytest.raises(PhraseError, match="already keeps"):
        add(engine, "jc", "请按期办结。")
    for n in range(1, MAX_PER_UNIT):
        add(engine, "jc", f"常用语 {n}")
    with pytest.raises(PhraseError, match="at most 100 phrases"):
        add(engine, "jc", "再多一条")
    assert len(phrases_of(engine, ["jc"])) == MAX_PER_UNIT
    add(engine, "jc.swj", "请按期办结。")  # the same words in another unit are fine


def test_a_phrase_is_removed_once(engine: Engine) -> None:
    phrase_id = add(engine, "jc", "请按期办结。")
    remove_phrase(engine, phrase_id)
    assert get_phrase(engine, phrase_id) is None
    with pytest.raises(PhraseError, match="no phrase"):
        remove_phrase(engine, phrase_id)
