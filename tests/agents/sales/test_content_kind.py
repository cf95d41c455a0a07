"""The kind of content a sales message offers, read from its words when --content-type is not given."""

from __future__ import annotations

import pytest

from huntaze_cli.agents.sales.content_kind import UNKNOWN, detect
from huntaze_cli.agents.schemas import SaleInput


@pytest.mark.parametrize(("text", "kind"), [
    ("new shower video", "video"), ("New VIDEO for you", "video"), ("nouvelle vidéo de la plage", "video"),
    ("custom video just for you", "custom"), ("photo + video bundle", "bundle"), ("new beach set", "photo"),
    ("spicy pics tonight", "photo"), ("a voice note for you", "audio"), ("going live at 9", "live"),
    ("something special for you", UNKNOWN), ("I live for this", UNKNOWN), ("vidalia onions", UNKNOWN),
])
def test_the_kind_comes_from_the_words(text, kind):
    assert detect(text) == kind


def test_a_given_type_wins_and_a_missing_one_is_detected():
    assert SaleInput(message="new shower video", price_usd=30).content_type == "video"
    assert SaleInput(message="new shower video", price_usd=30, content_type="Bundle").content_type == "bundle"
    assert SaleInput(message="something for you", price_usd=30).content_type == UNKNOWN
