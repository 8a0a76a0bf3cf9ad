"""Momentum, why, contested and trends over the sample articles, and corroboration."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from kg.analysis import MOMENTUM_COLUMNS, WHY_COLUMNS, contested, momentum, trends, why
from kg.cli import main
from kg.schema import Article
from kg.store import open_store
from tests.conftest import ARTICLES

REVENUE_CLAIM = "share of business spending on AI models has more than tripled"


def test_four_rewrites_are_one_story_with_four_sources(sample_store):
    rows = [dict(zip(WHY_COLUMNS, r)) for r in why(sample_store, "Anthropic")]
    revenue = [r for r in rows if REVENUE_CLAIM in r["claim"]]
    assert len(revenue) == 1
    assert (revenue[0]["published"], revenue[0]["stance"], revenue[0]["sources"]) == ("2026-06-03", "gaining", 4)
    # one row per story and stance: no two rows of one story say the same thing about Anthropic
    assert len({(r["story"], r["stance"]) for r in rows}) == len(rows)
    corroborations = sample_store.query(
        "MATCH (c:Claim)-[:CORROBORATED_BY]->(s:Source) WHERE c.text CONTAINS $t RETURN s.publisher AS p ORDER BY p",
        {"t": REVENUE_CLAIM}).rows
    assert len(corroborations) == 3


def test_momentum_counts_each_story_once_and_ranks_movers(sample_store):
    rows = [dict(zip(MOMENTUM_COLUMNS, r)) for r in momentum(sample_store, by="year")]
    by_company = {r["company"]: r for r in rows}
    anthropic = by_company["Anthropic"]
    claims = [r for r in why(sample_store, "Anthropic") if r[1] in ("gaining", "losing")]
    assert anthropic["gaining"] == sum(1 for r in claims if r[1] == "gaining")
    assert anthropic["losing"] == sum(1 for r in claims if r[1] == "losing")
    assert anthropic["net"] == anthropic["gaining"] - anthropic["losing"]
    # a company with losing claims only ranks below one with gaining claims only
    assert by_company["Intel"]["net"] < 0 < by_company["Anthropic"]["net"]
    order = [r["company"] for r in rows]
    assert order.index("Anthropic") < order.index("Intel") or abs(by_company["Intel"]["change"]) > anthropic["change"]
    changes = [abs(r["change"]) for r in rows]
    assert changes == sorted(changes, reverse=True)


def test_momentum_by_month_change_is_against_the_previous_month(sample_store):
    rows = {(r[0], r[1]): dict(zip(MOMENTUM_COLUMNS, r)) for r in momentum(sample_store)}
    for (company, period), r in rows.items():
        year, month = int(period[:4]), int(period[5:])
        prev = f"{year}-{month - 1:02d}" if month > 1 else f"{year - 1}-12"
        prev_net = rows[(company, prev)]["net"] if (company, prev) in rows else 0
        assert r["change"] == r["net"] - prev_net


def test_as_of_answers_with_what_was_known(sample_store):
    early = {r[0] for r in momentum(sample_store, as_of="2026-01-31")}
    assert "Nvidia" in early and "CoreWeave" not in early
    assert all(r[0] <= "2026-02-28" for r in why(sample_store, "Meta", as_of="2026-02-28"))


def test_undated_claims_are_counted_not_dropped(tmp_path, extractor):
    from kg.pipeline import ingest
    with open_store(tmp_path / "kg.db") as store:
        ingest([Article(text="Groq gained ground in inference chips.", title="undated")], store, extractor)
        rows = momentum(store)
    assert rows == [["Groq", "undated", 0, 0, 0, 0, 0, 1]]


def test_same_article_under_another_name_counts_once(tmp_path, extractor):
    from kg.pipeline import ingest
    from kg.readers import iter_articles
    src = ARTICLES / "2026-01-nvidia-earnings.txt"
    copy = tmp_path / "copy-of-nvidia.txt"
    shutil.copy(src, copy)
    with open_store(tmp_path / "kg.db") as store:
        report = ingest(iter_articles([str(src), str(copy)]), store, extractor)
        assert (report.added, report.unchanged) == (1, 1)
        assert all(r[6] == 1 for r in momentum(store))


def test_contested_lists_both_sides(sample_store):
    rows = contested(sample_store)
    assert rows
    for company, period, g, lo, g_claim, _, l_claim, _ in rows:
        assert g >= 1 and lo >= 1 and g_claim != l_claim


def test_trends_rank_by_sources_and_filter_by_company(sample_store):
    rows = trends(sample_store)
    counts = [r[1] for r in rows]
    assert counts == sorted(counts, reverse=True)
    nvidia = trends(sample_store, "Nvidia")
    assert nvidia and all("Nvidia" in (r[2] + ", " + r[3]) for r in nvidia)


def test_cli_momentum_why_contested_trends(sample_store_path):
    base = ["--store", str(sample_store_path)]
    r = CliRunner().invoke(main, ["momentum", "--top", "3", "--format", "json", *base])
    data = json.loads(r.output)
    assert len({d["company"] for d in data}) == 3 and set(data[0]) == set(MOMENTUM_COLUMNS)
    r = CliRunner().invoke(main, ["why", "Intel", "--format", "csv", *base])
    assert r.output.splitlines()[0] == ",".join(WHY_COLUMNS)
    assert CliRunner().invoke(main, ["contested", *base]).exit_code == 0
    r = CliRunner().invoke(main, ["momentum", "--since", "not-a-date", *base])
    assert r.exit_code == 2 and "not a date" in r.output
