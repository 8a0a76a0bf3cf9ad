"""Typed company names resolve to stored ones the way extraction links mentions."""

from __future__ import annotations

import pytest

from kg.companies import resolve_name
from kg.errors import UsageError
from kg.schema import COMPANY, PRODUCT


@pytest.mark.parametrize("typed, name", [("OpenAI", "OpenAI"), ("openai", "OpenAI"), ("  Open  AI ", None),
                                         ("Mistral", "Mistral AI"), ("mistral ai", "Mistral AI"),
                                         ("Nobody Inc", None)])
def test_names_resolve_by_case_and_gazetteer_alias(sample_store, typed, name):
    if name is None:
        with pytest.raises(UsageError):
            resolve_name(sample_store, typed)
        return
    resolved = resolve_name(sample_store, typed)
    assert (resolved.name, resolved.label) == (name, COMPANY)
    assert resolved.changed == (typed != name)


def test_products_resolve_only_when_asked_for(sample_store):
    assert resolve_name(sample_store, "chatgpt", (COMPANY, PRODUCT)).name == "ChatGPT"
    with pytest.raises(UsageError, match="ChatGPT is a product of OpenAI"):
        resolve_name(sample_store, "chatgpt")
