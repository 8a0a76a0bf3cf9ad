"""Repeats, stories and contradictions between articles, found by the claim index while storing."""

from datetime import date, timedelta

import pytest

from kg.corroborate import SAME_STORY_DAYS, ClaimFeatures, ClaimIndex, StoryGroups, claim_similarity, story_of
from kg.schema import (ABOUT, CLAIM, CONTRADICTS, CORROBORATED_BY, MENTIONS, REPORTS, SOURCE, Article, Evidence,
                       Node, Triple)

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
    first, _ = _rewrite(index, extractor, SENTENCE, d1, "First")
    source, out = _rewrite(index, extractor, REWRITE, d2 if second_dated else None, "Second")
    corroborations = [t for t in out if t.predicate == CORROBORATED_BY]
    assert [t.predicate for t in corroborations] == ([CORROBORATED_BY] if folded else [])
    assert len(index.claims) == (1 if folded else 2)
    assert (source.props["story"] == first.props["story"]) == folded
    if folded:
        undated = corroborations[0].relationship_props().get("matched_without_dates")
        assert undated is (None if second_dated else True)
        assert source.props.get("matched_without_dates") is (None if second_dated else True)


def test_opposite_stance_in_the_same_month_is_linked(extractor):
    index = ClaimIndex()
    _rewrite(index, extractor, SENTENCE, "2026-05-02", "First")
    _, out = _rewrite(index, extractor, OPPOSITE, "2026-05-28", "Second")
    assert [t.predicate for t in out if t.predicate == CONTRADICTS] == [CONTRADICTS]
    _, later = _rewrite(index, extractor, OPPOSITE.replace("hosted", "closed"), "2026-06-03", "Third")
    assert not [t for t in later if t.predicate == CONTRADICTS]  # June is another month


ORIGINAL = ("Nvidia gained share from AMD in data-center accelerators, lifting its portion of quarterly shipments "
            "to 86% from 80%.")
PARAPHRASE = ("Nvidia's portion of data-center accelerator shipments rose to 86% from 80% in the quarter as it took "
              "share from AMD.")
OTHER_EVENT = ("Nvidia won Humain, a Saudi data-center operator in Riyadh, as a customer from Huawei with an order "
               "for 18,000 chips.")


def test_a_reworded_rewrite_is_the_same_claim_and_another_event_is_not(extractor):
    index = ClaimIndex()
    first, _ = _rewrite(index, extractor, ORIGINAL, "2026-05-28", "Original")
    same, out = _rewrite(index, extractor, PARAPHRASE, "2026-05-29", "Paraphrase")
    assert [t.predicate for t in out if t.predicate == CORROBORATED_BY] == [CORROBORATED_BY]
    assert same.props["story"] == first.props["story"]
    other, out = _rewrite(index, extractor, OTHER_EVENT, "2026-05-30", "Saudi order")
    assert not [t for t in out if t.predicate == CORROBORATED_BY]
    assert other.props["story"] == story_of(other.id)


def test_claims_without_terms_are_compared_by_their_words(extractor):
    """Triples written before claims carried terms still corroborate, by the words of the sentence."""
    index = ClaimIndex()
    for title, published in (("First", "2026-05-02"), ("Second", "2026-05-03")):
        ex = extractor.extract(Article(text=SENTENCE if title == "First" else REWRITE, title=title, published=published))
        for t in ex.triples:
            for n in (t.subject, t.object):
                n.props.pop("terms", None)
        _, out = index.rewrite(ex.source, ex.triples)
    assert [t.predicate for t in out if t.predicate == CORROBORATED_BY] == [CORROBORATED_BY]


def test_similarity_weighs_figures_names_and_claimants():
    base = ClaimFeatures.of(["#41%", "seat", "survey", "~menlo"], None)
    assert claim_similarity(base, ClaimFeatures.of(["#41%", "seat", "pay"], None)) > 0.5
    # the same words, but figures that disagree: probably another event
    assert claim_similarity(base, ClaimFeatures.of(["#19%", "seat", "survey"], None)) < 0.4
    # a context name counts half
    assert ClaimFeatures.of(["~menlo"], None).weights == {"menlo": 0.5}
    quoted = ClaimFeatures.of(["seat", "survey"], "Priya Natarajan")
    assert claim_similarity(quoted, ClaimFeatures.of(["seat", "survey"], "Dan Ives")) < \
        claim_similarity(quoted, ClaimFeatures.of(["seat", "survey"], "Priya Natarajan"))
    assert claim_similarity(base, ClaimFeatures.of([], None)) == 0.0


def _article(n: int, published: str | None, claims: list[tuple[str, list[str]]], names: list[str]):
    """Hand-made triples of one article about Acme: (sentence, terms) claims, gaining; named things."""
    source = Node(SOURCE, f"article {n}", f"source:{n:016x}", {"published": published, "title": f"article {n}"})
    acme = Node.named("Company", "Acme")
    triples = []
    for k, (text, terms) in enumerate(claims):
        claim = Node(CLAIM, text, f"claim:{n}-{k}", {"text": text, "terms": terms, "claimant": "article",
                                                      "published": published, "source_id": source.id})
        ev = Evidence(text, 0, len(text))
        triples += [Triple(source, REPORTS, claim, source, ev), Triple(claim, ABOUT, acme, source, ev, {"stance": "gaining"})]
    for name in names:
        triples.append(Triple(source, MENTIONS, Node.named("Company", name), source, Evidence("x", 0, 1)))
    return source, triples


def test_an_article_that_repeats_two_stored_stories_makes_them_one():
    """Two loose rewrites stored first each start a story; the original that both repeat joins them."""
    index = ClaimIndex()
    a, _ = index.rewrite(*_article(1, "2026-04-01", [("a", ["#41%", "seat", "survey"])], ["Acme"]))
    b, _ = index.rewrite(*_article(2, "2026-04-02", [("b", ["#33%", "agent", "terminal"])], ["Acme"]))
    assert a.props["story"] != b.props["story"]
    c, _ = index.rewrite(*_article(3, "2026-04-01", [("c1", ["#41%", "seat", "survey", "pay"]),
                                                     ("c2", ["#33%", "agent", "terminal", "task"])], ["Acme"]))
    assert sorted([c.props["story"], *c.props["story_merges"]]) == sorted([a.props["story"], b.props["story"]])
    groups = StoryGroups.from_sources([(s.id, s.props["story"], s.props.get("story_merges"), None) for s in (a, b, c)])
    assert len({groups.root(s.props["story"]) for s in (a, b, c)}) == 1
    # stories that began months apart are not merged by an article that repeats both
    d, _ = index.rewrite(*_article(4, "2026-09-01", [("d", ["#12%", "chip", "plant"])], ["Acme"]))
    e, _ = index.rewrite(*_article(5, None, [("e1", ["#41%", "seat", "survey", "pay"]),
                                             ("e2", ["#12%", "chip", "plant", "fab"])], ["Acme"]))
    assert not e.props.get("story_merges") and e.props["matched_without_dates"] is True
    assert groups.root(a.props["story"]) != d.props["story"]
