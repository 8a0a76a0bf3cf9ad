"""The labelled stories set (data/stories/): rewrites found, distractors kept apart, each story counted once;
the story view and `kg why` on both backends; one load equals two."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner

from kg.analysis import momentum, source_stories, why
from kg.cli import main
from kg.evaluate_stories import StoryLabels, score_store
from kg.pipeline import load_triples
from kg.readers import iter_articles
from kg.store import open_store
from kg.stories import STORIES_COLUMNS, STORY_COLUMNS, stories, story_articles
from tests.conftest import ROOT

STORIES = ROOT / "data" / "stories"
LABELS = StoryLabels.load(STORIES / "labels.json")


@pytest.fixture(scope="module")
def article_triples(extractor) -> list[list]:
    """Each labelled article's triples, in file-name order."""
    articles = sorted((a for a in iter_articles([str(STORIES / "articles")]) if not isinstance(a, Exception)),
                      key=lambda a: a.path)
    return [e.triples for e in extractor.extract_many(articles)]


def _load(store, groups: list[list]) -> None:
    load_triples((t for g in groups for t in g), store)


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_rewrites_are_one_story_and_distractors_stay_apart(tmp_path, article_triples, seed):
    groups = list(article_triples)
    random.Random(seed).shuffle(groups) if seed else None
    with open_store(tmp_path / "kg.db") as store:
        _load(store, groups)
        scores = score_store(store, LABELS)
    assert scores.stories.precision >= 0.95 and scores.stories.recall >= 0.85, scores.predicted
    assert scores.distractors_merged == []
    assert scores.claims.precision >= 0.8
    # every main claim that extraction finds is counted once in momentum, however many rewrites report it
    assert all(m.counted == 1 for m in scores.main_claims if m.rewrites), scores.main_claims
    assert sum(m.rewrites for m in scores.main_claims) > len(scores.main_claims)


def test_loading_in_two_runs_finds_the_same_stories_as_one(tmp_path, article_triples):
    """The index rebuilt from a store (wordings, story groups, dates) decides as the one kept in memory."""
    with open_store(tmp_path / "one.db") as store:
        _load(store, article_triples)
        one = source_stories(store)
    half = len(article_triples) // 2
    with open_store(tmp_path / "two.db") as store:
        _load(store, article_triples[:half])
    with open_store(tmp_path / "two.db") as store:
        _load(store, article_triples[half:])
        two = source_stories(store)
    assert one == two


def test_story_view_and_why_agree_across_backends(neo4j_store, tmp_path, article_triples):
    with open_store(tmp_path / "kg.db") as embedded:
        _load(embedded, article_triples)
        _load(neo4j_store, article_triples)
        listed = stories(embedded)
        assert listed == stories(neo4j_store)
        assert len(listed) == len(LABELS.stories)
        first = listed[0][0]
        assert story_articles(embedded, first) == story_articles(neo4j_store, first)
        for company in ("Meta", "Anthropic", "Intel"):
            assert why(embedded, company) == why(neo4j_store, company)
        assert momentum(embedded, "quarter") == momentum(neo4j_store, "quarter")


def test_kg_stories_lists_groups_and_one_story(tmp_path):
    store = str(tmp_path / "kg.db")
    files = [str(STORIES / "articles" / f) for f in LABELS.stories["meta-capex"] + ["x-meta-researchers-leave.txt"]]
    assert CliRunner().invoke(main, ["ingest", "-q", "--store", store, *files]).exit_code == 0
    r = CliRunner().invoke(main, ["stories", "--store", store, "--format", "json"])
    assert r.exit_code == 0, r.output
    import json
    rows = json.loads(r.output)
    assert len(rows) == 1 and set(rows[0]) == set(STORIES_COLUMNS)
    story = rows[0]
    assert (story["sources"], story["undated"], story["published"]) == (5, 2, "2026-07-30")
    assert story["first_source"].startswith("Meta lifts spending plan") and "Meta losing" in story["companies"]
    assert len(json.loads(CliRunner().invoke(main, ["stories", "--store", store, "--min-sources", "1",
                                                    "--format", "json"]).output)) == 2
    r = CliRunner().invoke(main, ["stories", "--store", store, "--story", story["story"], "--format", "csv"])
    lines = r.output.splitlines()
    assert lines[0] == ",".join(STORY_COLUMNS) and len(lines) == 6
    assert ",first source," in lines[1] and all(",rewrite," in line for line in lines[2:])
    r = CliRunner().invoke(main, ["stories", "--store", store, "--story", "story:nope"])
    assert r.exit_code == 2 and r.output.startswith("Error: no story 'story:nope'") and len(r.output.splitlines()) == 1
    r = CliRunner().invoke(main, ["why", "Meta", "--store", store, "--format", "json"])
    rows = json.loads(r.output)
    losing = [row for row in rows if row["stance"] == "losing" and row["story"] == story["story"]]
    assert len(losing) == 1 and losing[0]["sources"] >= 4
