"""Does a refactoring leave extraction unchanged? Triples of this checkout against another git revision's.

Extracts the sample articles (data/articles) and every gold set's articles (data/gold/*/articles, blind splits aside) with
the kg of this checkout and with the kg of REV (checked out into a temporary git worktree, run with its
own data/lexicon), and reports every article whose triples differ, with the first differing line.

    .venv/bin/python bench/same_triples.py a03fcda        # exit 0: identical; 1: some article differs
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside a subprocess whose sys.path starts with the kg checkout to measure.
_EXTRACT = r"""
import json, sys
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(root))
from kg.extract import Extractor
from kg.readers import article_from_record, iter_articles
articles = [a for a in iter_articles([str(Path(sys.argv[2]) / "data" / "articles")]) if not isinstance(a, Exception)]
for gold in sorted((Path(sys.argv[2]) / "data" / "gold").glob("*/articles/*.json")):
    if "blind" in gold.parent.parent.name:
        continue  # a blind split is read once, when it is scored
    articles.append(article_from_record(json.loads(gold.read_text(encoding="utf-8")), str(gold)))
extractor = Extractor()
for extraction in extractor.extract_many(articles):
    lines = sorted(json.dumps(t.to_json(), sort_keys=True) for t in extraction.triples)
    print(json.dumps({"article": extraction.article.title or extraction.source.id, "triples": lines}))
"""


def extract_with(checkout: Path, data: Path) -> dict[str, list[str]]:
    """Triples per article, extracted by the kg in `checkout` from the articles under `data`."""
    out = subprocess.run([sys.executable, "-c", _EXTRACT, str(checkout), str(data)], check=True,
                         capture_output=True, text=True).stdout
    return {row["article"]: row["triples"] for row in map(json.loads, out.splitlines())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the git revision to compare with (e.g. main, HEAD~3, a03fcda)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # Both sides read one copy of the articles, taken now.
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data" / "articles", data / "data" / "articles")
        shutil.copytree(ROOT / "data" / "gold", data / "data" / "gold")
        other = Path(tmp) / "rev"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other), args.rev], check=True)
        try:
            before = extract_with(other, data)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=True)
        after = extract_with(ROOT, data)
    differ = [name for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]
    triples = sum(len(t) for t in after.values())
    for name in differ:
        diff = difflib.unified_diff(before.get(name, []), after.get(name, []), lineterm="", n=0)
        print(f"differs: {name}")
        print("\n".join(list(diff)[2:6]))
    print(f"{len(after)} articles, {triples} triples; {len(differ)} articles differ from {args.rev}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
