"""The learned stance filter: shipped in the package, loaded offline, and judging the rules' proposals."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.extract import Extractor
from kg.extract.stance_filter import MODEL_FILE, StanceFilter
from kg.schema import Article
from tests.conftest import ROOT


def test_the_model_ships_in_the_installed_package_and_loads_offline(tmp_path):
    """Install kg (no dependencies) into a folder, and from outside the checkout load the model from that
    package and let it judge a sentence: no checkout file and no network involved."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(ROOT)],
                   check=True, capture_output=True)
    script = ("import json, kg\n"
              "from kg.extract import Extractor\n"
              "from kg.schema import Article\n"
              "from kg.extract.stance_filter import StanceFilter\n"
              "model = StanceFilter.load()\n"
              "ex = Extractor().extract(Article(text='Anthropic gained share in enterprise AI last quarter.'))\n"
              "kept = sorted(t.object.name for t in ex.triples if t.predicate == 'ABOUT' and t.properties['stance'] == 'gaining')\n"
              "print(json.dumps({'file': kg.__file__, 'version': model.version, 'threshold': model.threshold, 'kept': kept}))")
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "PYTHONPATH": str(target),
           "HF_HUB_OFFLINE": "1"}
    out = json.loads(subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True,
                                    text=True, check=True).stdout)
    shipped = json.loads((ROOT / "data" / "models" / MODEL_FILE).read_text(encoding="utf-8"))
    assert out["file"].startswith(str(target))
    assert (out["version"], out["threshold"]) == (shipped["version"], shipped["threshold"])
    assert out["kept"] == ["Anthropic"]
    assert "real-dev" in shipped["trained_on"] and not any("blind" in s for s in shipped["trained_on"])


def test_a_file_that_is_not_a_model_is_a_clear_error():
    with pytest.raises(InputError, match="not a stance filter model"):
        StanceFilter.from_dict({"weights": []}, "model.json")


@pytest.fixture(scope="module")
def unfiltered() -> Extractor:
    return Extractor(stance_filter=False, collect_candidates=True)


def about(extractor: Extractor, text: str) -> set[tuple[str, str]]:
    ex = extractor.extract(Article(text=text))
    return {(t.object.name, t.properties["stance"]) for t in ex.triples if t.predicate == "ABOUT"
            and t.properties["stance"] != "neutral"}


def test_the_filter_keeps_clear_stances_and_scores_them(extractor, unfiltered):
    text = "Anthropic gained share in enterprise AI last quarter, according to Menlo Ventures."
    assert about(extractor, text) == about(unfiltered, text) == {("Anthropic", "gaining")}
    ex = extractor.extract(Article(text=text))
    score = next(t.properties["confidence"] for t in ex.triples if t.predicate == "ABOUT")
    assert score >= extractor.claims.filter.threshold


def test_the_filter_drops_a_proposal_a_reader_rejects(extractor, unfiltered):
    # a talent move without gain/loss wording: the rules propose OpenAI losing, the filter disagrees
    text = "Meta has hired more than forty researchers from OpenAI, Google DeepMind and Apple since the spring."
    assert ("OpenAI", "losing") in about(unfiltered, text)
    assert ("OpenAI", "losing") not in about(extractor, text)
    proposals = unfiltered.extract(Article(text=text)).candidates
    assert proposals and all(c.score is None and "bias" in c.features for c in proposals)
