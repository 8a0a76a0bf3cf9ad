"""Where kg's data files live: the gazetteer and cue words, the stance filter model, and the named queries.

In the repository they are the top-level data/lexicon/, data/models/ and queries/ folders;
an installed kg carries them as the packages kg.lexicon, kg.models and kg.queries
(see pyproject.toml). Running from a checkout, the checkout's folders win.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

_IN_CHECKOUT = {"lexicon": Path("data") / "lexicon", "queries": Path("queries"), "models": Path("data") / "models"}


def resource_dir(name: str) -> Traversable:
    """The folder of the `lexicon`, `models` or `queries` resources."""
    checkout = Path(__file__).resolve().parent.parent / _IN_CHECKOUT[name]
    if checkout.is_dir():
        return checkout
    return resources.files(f"kg.{name}")
