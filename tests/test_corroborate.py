"""Repeats and contradictions between articles, found by the claim index while storing."""

from datetime import date, timedelta

import pytest

from kg.corroborate import SAME_STORY_DAYS, ClaimIndex
from kg.schema import CONTRADICTS, CORROBORATED_BY, Article

SENTENCE = "Analysts said Mistral is gaining ground with European banks that want open-weight models."
REWRITE = "Mistral is gaining ground with European banks that want open-weight models, analysts said."
OPPOSITE = "Mistral is losing ground with European banks as they return to hosted models, analysts said."


def _dates_across_a_window_boundary(apart: int) -> tuple[str, str]:
    first = date(2026, 3, 1)
    while (first.toordinal() + 1) % SAME_STORY_DAYS:  # the last day of an index window
        first += timedelta(days=1)
    return first.isoformat(), (first + timedelta(days=apart)).isoformat()


def _rewrite(index, extractor, text, published, title):
    ex = extractor.extract(Article(text=text, title=title, published=published))
    return index.rewrite(ex.source, ex.triples)


@pytest.mark.parametrize("days_apart, second_dated, folded", [
    (20, True, True),                     # within a month, across an index window boundary
    (SAME_STORY_DAYS + 10, True, False),  # months later: a new claim
    (0, False, True),                     # undated: compared with every date
])
def test_a_rewrite_folds_into_the_stored_claim_only_within_a_month(extractor, days_apart, second_dated, folded):
    d1, d2 = _dates_across_a_window_boundary(days_apart)
    index = ClaimIndex()
    _rewrite(index, extractor, SENTENCE, d1, "First")
    out = _rewrite(index, extractor, REWRITE, d2 if second_dated else None, "Second")
    corroborations = [t.predicate for t in out if t.predicate == CORROBORATED_BY]
    assert corroborations == ([CORROBORATED_BY] if folded else [])
    assert len(index.claims) == (1 if folded else 2)


def test_opposite_stance_in_the_same_month_is_linked(extractor):
    index = ClaimIndex()
    _rewrite(index, extractor, SENTENCE, "2026-05-02", "First")
    out = _rewrite(index, extractor, OPPOSITE, "2026-05-28", "Second")
    assert [t.predicate for t in out if t.predicate == CONTRADICTS] == [CONTRADICTS]
    later = _rewrite(index, extractor, OPPOSITE.replace("hosted", "closed"), "2026-06-03", "Third")
    assert not [t for t in later if t.predicate == CONTRADICTS]  # June is another month
