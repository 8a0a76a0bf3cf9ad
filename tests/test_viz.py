"""The graph page and the momentum chart; the page is checked in a real headless Chromium."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.schema import CLAIM
from kg.viz import build_page, select, short_label

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def test_focus_view_holds_the_company_its_claims_and_their_claimants(sample_store):
    view = select(sample_store.to_networkx(), ["Intel"], depth=2)
    g = view.graph
    labels = {next(iter(d["__labels__"])) for _, d in g.nodes(data=True)}
    assert "company:intel" in g and {"Claim", "Source"} <= labels
    for claim in (n for n, d in g.nodes(data=True) if CLAIM in d["__labels__"]):
        assert any(v == "company:intel" or u == "company:intel" for u, v in
                   list(g.out_edges(claim)) + list(g.in_edges(claim))) or g.degree(claim) > 0


def test_limit_keeps_most_mentioned_and_says_so(sample_store, tmp_path):
    view = select(sample_store.to_networkx(), limit=20)
    assert view.graph.number_of_nodes() == 20 and view.left_out == view.total - 20
    out = tmp_path / "g.html"
    build_page(view, out)
    page = out.read_text()
    assert f"{view.left_out} left out" in page and "--company" in page


def test_page_has_no_remote_resources(sample_store, tmp_path):
    out = tmp_path / "g.html"
    build_page(select(sample_store.to_networkx(), ["OpenAI"]), out)
    page = out.read_text()
    assert "vis.Network" in page and "kg-legend" in page
    assert "<link" not in page.replace("<link rel=\"stylesheet\" href=\"lib", "")
    assert "src=\"http" not in page and "href=\"http" not in page


def test_cli_viz_and_momentum_plot(sample_store_path, tmp_path):
    base = ["--store", str(sample_store_path)]
    out = tmp_path / "v.html"
    r = CliRunner().invoke(main, ["viz", "--company", "Anthropic", "-o", str(out), *base])
    assert r.exit_code == 0 and out.exists() and "nodes" in r.output
    r = CliRunner().invoke(main, ["viz", "--company", "Nobody Inc", "-o", str(out), *base])
    assert r.exit_code == 2 and "no company or product named 'Nobody Inc' in the store" in r.output
    q = tmp_path / "q.html"
    r = CliRunner().invoke(main, ["viz", "--query", "who_said_what", "-p", "company=Nvidia", "-o", str(q), *base])
    assert r.exit_code == 0 and "0 nodes" not in r.output
    for suffix in ("png", "svg", "html"):
        chart = tmp_path / f"m.{suffix}"
        r = CliRunner().invoke(main, ["momentum", "--plot", str(chart), *base])
        assert r.exit_code == 0 and chart.stat().st_size > 1000
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    r = CliRunner().invoke(main, ["momentum", "--plot", str(tmp_path / "m.gif"), *base])
    assert r.exit_code == 2 and ".png, .svg or .html" in r.output


# Each drawn node's label box and dot box, in canvas coordinates, as vis-network drew them last.
DRAWN_BOXES = """() => network.body.nodeIndices.map((id) => {
  const n = network.body.nodes[id], s = n.labelModule.size, r = n.options.size;
  return {id: id, label: n.options.label, lab: [s.left, s.top, s.left + s.width, s.top + s.height],
          dot: [n.x - r, n.y - r, n.x + r, n.y + r]};
})"""
MAX_OVERLAP = 0.05  # of the smaller box's area


def _overlap(a: list[float], b: list[float]) -> float:
    """The share of the smaller of two boxes (left, top, right, bottom) that the other covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return max(0.0, w) * max(0.0, h) / smaller if w > 0 and h > 0 and smaller > 0 else 0.0


def _collisions(boxes: list[dict]) -> list[tuple[float, str, str]]:
    """Pairs where a label covers another label or another node's dot by more than MAX_OVERLAP."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes:
            if b is a:
                continue
            if b in boxes[i + 1:] and _overlap(a["lab"], b["lab"]) > MAX_OVERLAP:
                out.append((_overlap(a["lab"], b["lab"]), a["label"], b["label"]))
            if _overlap(a["lab"], b["dot"]) > MAX_OVERLAP:
                out.append((_overlap(a["lab"], b["dot"]), a["label"], "dot of " + b["label"]))
    return out


def _settled_page(context, path):
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    page.wait_for_function("window.kgStable === true", timeout=30_000)
    return page


@pytest.mark.browser
def test_page_in_headless_chromium(sample_store, tmp_path):
    if CHROMIUM is None:
        pytest.skip("no Chromium: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright
    view = select(sample_store.to_networkx(), ["OpenAI"], depth=2)
    out = tmp_path / "openai.html"
    drawn = build_page(view, out)
    claim_id, claim = next((n, d) for n, d in view.graph.nodes(data=True) if CLAIM in d["__labels__"])
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1300, "height": 900})

        def guard(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = _settled_page(context, out)
        counts = page.evaluate("window.kgCounts")
        assert counts == {"nodes": drawn["nodes"], "edges": drawn["edges"]}
        assert counts["nodes"] == view.graph.number_of_nodes() and counts["edges"] == view.graph.number_of_edges()
        assert page.evaluate("nodes.length") == counts["nodes"]
        page.screenshot(path=str(tmp_path / "openai.png"))  # the page scripts/demo writes
        boxes = page.evaluate(DRAWN_BOXES)
        labels = {b["id"]: b["label"] for b in boxes}
        assert labels[claim_id] == short_label(claim["text"], CLAIM) and len(labels[claim_id]) <= 29
        assert _collisions(boxes) == []
        box = page.locator("#mynetwork").bounding_box()
        pos = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", claim_id)
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        tooltip = page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert " ".join(claim["text"].split()) in " ".join(tooltip.inner_text().split())
        whole = tmp_path / "whole.html"  # the demo store's whole graph, at the default --limit
        build_page(select(sample_store.to_networkx()), whole)
        page = _settled_page(context, whole)
        boxes = page.evaluate(DRAWN_BOXES)
        assert len(boxes) == sample_store.to_networkx().number_of_nodes() and _collisions(boxes) == []
        page.screenshot(path=str(tmp_path / "whole.png"))
        browser.close()
    assert outside == []
    assert (tmp_path / "openai.png").stat().st_size > 10_000


def test_short_labels_keep_the_first_words():
    claim = "Gemini has overtaken ChatGPT on several benchmarks that developers watch"
    assert short_label(claim, CLAIM) == "Gemini has overtaken ChatGPT\u2026"
    assert short_label("OpenAI", "Company") == "OpenAI"
    assert short_label("Coding assistants become the first real battleground", "Source") == \
        "Coding assistants become\u2026"
    assert short_label("A" * 40, "Company") == "A" * 27 + "\u2026"


def test_momentum_chart_labels_its_axes(sample_store):
    from kg.analysis import momentum
    from kg.viz import momentum_figure
    rows = momentum(sample_store)
    fig = momentum_figure(rows, top=3)
    panels = fig.axes
    from collections import Counter
    busiest = Counter()
    for r in rows:
        if r[1] != "undated":
            busiest[r[0]] += r[2] + r[3]
    assert [ax.get_title(loc="left") for ax in panels] == [c for c, _ in busiest.most_common(3)]
    assert all(ax.get_ylabel() == "stories" for ax in panels)
    assert panels[-1].get_xlabel() == "month of the story's first report"
    fig.canvas.draw()
    assert all(not t.get_text().startswith(("-", "\u2212")) for ax in panels for t in ax.get_yticklabels())
