"""Interactive graph pages (pyvis) and the momentum chart (matplotlib).

The page works with no network: pyvis inlines vis-network (cdn_resources="in_line"),
and the Bootstrap links its template still carries are removed. Physics runs
until the layout is stable, then stops, so big graphs stay usable; above the
node limit the most-mentioned nodes are kept and the page says how many were
left out.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.schema import ABOUT, CLAIM, COMPANY, LABELS, PERSON, PRODUCT, SOURCE, TREND

LABEL_COLORS = {COMPANY: "#1f77b4", PERSON: "#9467bd", PRODUCT: "#17becf", CLAIM: "#ff7f0e",
                TREND: "#bcbd22", SOURCE: "#7f7f7f"}
STANCE_COLORS = {"gaining": "#2ca02c", "losing": "#d62728", "neutral": "#999999"}
OTHER_EDGE = "#c8c8c8"
DEFAULT_LIMIT = 400


@dataclass
class View:
    graph: nx.MultiDiGraph
    left_out: int
    total: int


def _label(data: dict) -> str:
    return next(iter(data.get("__labels__") or {"?"}))


def mentions(graph: nx.MultiDiGraph) -> Counter:
    """How often each node is mentioned or talked about: its incoming MENTIONS and ABOUT, plus one."""
    counts: Counter = Counter({n: 1 for n in graph.nodes})
    for _, v, d in graph.edges(data=True):
        if d["__labels__"] & {"MENTIONS", ABOUT, "REPORTS", "ASSERTS"}:
            counts[v] += 1
    return counts


def select(graph: nx.MultiDiGraph, companies: list[str] | None = None, depth: int = 2,
           since: str | None = None, until: str | None = None, labels: list[str] | None = None,
           min_confidence: float = 0.0, limit: int = DEFAULT_LIMIT, node_ids: set[str] | None = None) -> View:
    """The part of the graph a view shows."""
    g = graph.copy()
    if since or until:
        dated = {n for n, d in graph.nodes(data=True) if _label(d) == SOURCE and d.get("published")
                 and (since is None or d["published"] >= since) and (until is None or d["published"] <= until)}
        g.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                             if d.get("source_id") not in dated])
        g.remove_nodes_from([n for n, d in graph.nodes(data=True) if _label(d) == SOURCE and n not in dated])
        g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    if min_confidence:
        g.remove_edges_from([(u, v, k) for u, v, k, d in g.edges(keys=True, data=True)
                             if (d.get("confidence") or 0) < min_confidence])
    if node_ids is not None:
        g = g.subgraph(n for n in node_ids if n in g).copy()
    if companies:
        wanted = {c.lower() for c in companies}
        seeds = [n for n, d in g.nodes(data=True) if _label(d) in (COMPANY, PRODUCT)
                 and str(d.get("name", "")).lower() in wanted]
        if not seeds:
            raise UsageError(f"no company named {', '.join(companies)} in the graph")
        # MENTIONS links every article to everything in it; walking them would reach the whole graph.
        undirected = nx.Graph()
        undirected.add_nodes_from(g.nodes)
        undirected.add_edges_from((u, v) for u, v, d in g.edges(data=True) if "MENTIONS" not in d["__labels__"])
        keep: set[str] = set()
        for s in seeds:
            keep |= set(nx.single_source_shortest_path_length(undirected, s, cutoff=depth))
        g = g.subgraph(keep).copy()
    if labels:
        bad = [lb for lb in labels if lb not in LABELS]
        if bad:
            raise UsageError(f"unknown label {bad[0]!r}: choose from {', '.join(LABELS)}")
        g = g.subgraph(n for n, d in g.nodes(data=True) if _label(d) in labels).copy()
    total = g.number_of_nodes()
    if total > limit:
        counts = mentions(g)
        keep_ids = sorted(g.nodes, key=lambda n: (-counts[n], n))[:limit]
        g = g.subgraph(keep_ids).copy()
    return View(g, total - g.number_of_nodes(), total)


LABEL_WORDS = {CLAIM: 4, SOURCE: 5}  # claims and article titles are sentences: their first words label them
LABEL_CHARS = 28


def short_label(name: str, label: str) -> str:
    """A node's label on the page: the first words of a claim or title, any name cut at LABEL_CHARS;
    the whole text is in the tooltip."""
    words = name.split()
    limit = LABEL_WORDS.get(label)
    short = " ".join(words[:limit]) if limit else " ".join(words)
    if len(short) > LABEL_CHARS:
        short = short[:LABEL_CHARS].rsplit(" ", 1)[0] if " " in short[:LABEL_CHARS] else short[:LABEL_CHARS - 1]
    return short if short == " ".join(words) else short.rstrip(",;:.") + "\u2026"


def _node_title(data: dict, graph: nx.MultiDiGraph, node: str) -> str:
    label = _label(data)
    lines = [f"{label}: {data.get('name')}"]
    if label == CLAIM:
        lines = [f"Claim ({data.get('stance')}, confidence {data.get('confidence')})", data.get("text", "")]
        lines.append(f"asserted by: {data.get('claimant', 'article')}")
        for u, _, d in graph.in_edges(node, data=True):
            if "REPORTS" in d["__labels__"]:
                s = graph.nodes[u]
                lines.append(f"source: {s.get('title')} - {s.get('publisher') or '?'}, {s.get('published') or 'undated'}, "
                             f"{s.get('url') or s.get('path') or ''}")
    elif label == SOURCE:
        lines += [f"publisher: {data.get('publisher') or '?'}", f"published: {data.get('published') or 'undated'}",
                  f"{data.get('url') or data.get('path') or ''}"]
    return "\n".join(x for x in lines if x)


def build_page(view: View, path: str | Path, title: str = "kg graph") -> dict[str, int]:
    """Write the interactive page; returns the numbers of drawn nodes and edges."""
    from pyvis.network import Network
    g = view.graph
    net = Network(height="820px", width="100%", directed=True, cdn_resources="in_line", heading="")
    counts = mentions(g)
    for node, data in g.nodes(data=True):
        label = _label(data)
        name = str(data.get("name", node))
        net.add_node(node, label=short_label(name, label), title=_node_title(data, g, node),
                     color=LABEL_COLORS.get(label, "#333333"), size=10 + 4 * min(counts[node], 15) ** 0.8,
                     shape="dot")
    n_edges = 0
    for u, v, key, d in g.edges(keys=True, data=True):
        rel = next(iter(d["__labels__"]))
        stance = d.get("stance")
        color = STANCE_COLORS.get(stance, OTHER_EDGE) if rel == ABOUT else OTHER_EDGE
        tip = [f"{rel}" + (f" ({stance})" if stance else ""), d.get("sentence", "")]
        src = g.nodes.get(d.get("source_id")) or {}
        if src:
            tip.append(f"source: {src.get('title')} ({src.get('published') or 'undated'})")
        net.add_edge(u, v, title="\n".join(t for t in tip if t), color=color, arrows="to",
                     width=2.5 if rel == ABOUT else 1, id=str(key))
        n_edges += 1
    big = g.number_of_nodes() > 300
    net.set_options(json.dumps({
        # Big graphs: vis-network's "improved layout" is quadratic, and fewer iterations settle well enough.
        "layout": {"improvedLayout": not big, "randomSeed": 1},  # the same page for the same graph
        "physics": {"solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 120 if big else 300, "updateInterval": 20,
                                      "fit": True},
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120}},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": True, "hideEdgesOnZoom": big},
        "edges": {"smooth": False},
    }))
    page = net.generate_html(name=str(path))
    page = _offline(page)
    page = page.replace("</body>", _legend(view, title) + _settle_script() + "</body>")
    Path(path).write_text(page, encoding="utf-8")
    return {"nodes": g.number_of_nodes(), "edges": n_edges}


def _offline(page: str) -> str:
    """Remove what pyvis's template links from CDNs (Bootstrap), so no request leaves the page."""
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    page = re.sub(r"<link[^>]*https?://[^>]*>", "", page, flags=re.S)
    page = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page, flags=re.S)
    return page


def _legend(view: View, title: str) -> str:
    items = "".join(f'<span style="margin-right:12px"><span style="display:inline-block;width:12px;height:12px;'
                    f'border-radius:6px;background:{c}"></span> {lb}</span>' for lb, c in LABEL_COLORS.items())
    stances = "".join(f'<span style="margin-right:12px"><span style="display:inline-block;width:18px;height:3px;'
                      f'background:{c};vertical-align:middle"></span> {s}</span>' for s, c in STANCE_COLORS.items())
    note = ""
    if view.left_out:
        note = (f'<div id="kg-left-out" style="color:#a00">Showing the {view.graph.number_of_nodes()} most-mentioned '
                f"of {view.total} nodes; {view.left_out} left out. Focus the view with --company NAME, --label or "
                "--since to see them.</div>")
    return (f'<div id="kg-legend" style="position:fixed;top:8px;left:8px;background:rgba(255,255,255,.92);'
            f'padding:8px;border:1px solid #ddd;font:13px sans-serif;z-index:10"><b>{html.escape(title)}</b><br>'
            f"{items}<br>ABOUT: {stances}{note}</div>")


# Once physics has settled, nodes are pushed apart until no two boxes (a dot with its label below it, as
# vis-network measured them when drawing) overlap: forces alone keep nodes apart, not their labels.
# A sweep over boxes sorted by their left edge finds the overlapping pairs; each pair moves apart
# along the axis where they overlap least, half each, for at most ROUNDS rounds or BUDGET_MS (a page of
# a few hundred nodes needs a few hundred rounds, well under a second). Pages above the default node
# limit are left as the forces put them: their labels are too small to read before zooming in, and
# separating 2,000 nodes takes longer than the forces do. Then the view is fitted again and the page
# says it is stable (window.kgStable), for tests and benchmarks.
_SETTLE_JS = """
(function(){
  if (typeof network === 'undefined') { return; }
  window.kgCounts = {nodes: nodes.length, edges: edges.length};
  var PAD = 8, PUSH = 2, ROUNDS = 1000, BUDGET_MS = 2000, SEPARATE_UP_TO = %d, started = false;
  function separate() {
    var ids = network.body.nodeIndices, pos = network.getPositions(ids), boxes = [];
    if (ids.length > SEPARATE_UP_TO) { window.kgStable = true; return; }
    ids.forEach(function(id) {
      var b = network.getBoundingBox(id), p = pos[id];
      boxes.push({id: id, x: p.x, y: p.y, l: b.left - p.x - PAD, r: b.right - p.x + PAD,
                  t: b.top - p.y - PAD, b: b.bottom - p.y + PAD});
    });
    var t0 = performance.now();
    for (var round = 0; round < ROUNDS && performance.now() - t0 < BUDGET_MS; round++) {
      boxes.sort(function(a, c) { return (a.x + a.l) - (c.x + c.l); });
      var moved = false;
      for (var i = 0; i < boxes.length; i++) {
        var a = boxes[i];
        for (var j = i + 1; j < boxes.length && boxes[j].x + boxes[j].l < a.x + a.r; j++) {
          var c = boxes[j];
          var ox = Math.min(a.x + a.r, c.x + c.r) - Math.max(a.x + a.l, c.x + c.l);
          var oy = Math.min(a.y + a.b, c.y + c.b) - Math.max(a.y + a.t, c.y + c.t);
          if (ox <= 0 || oy <= 0) { continue; }
          moved = true;
          if (ox < oy) {
            var sx = (a.x <= c.x ? 1 : -1) * (ox / 2 + PUSH);
            a.x -= sx; c.x += sx;
          } else {
            var sy = (a.y <= c.y ? 1 : -1) * (oy / 2 + PUSH);
            a.y -= sy; c.y += sy;
          }
        }
      }
      if (!moved) { break; }
    }
    window.kgSeparationRounds = round;
    boxes.forEach(function(n) { network.moveNode(n.id, n.x, n.y); });
    network.fit();
    network.once('afterDrawing', function() { window.kgStable = true; });
    network.redraw();
  }
  function done() {
    if (started) { return; }
    started = true;
    network.setOptions({physics: false});
    var bar = document.getElementById('loadingBar');
    if (bar) { bar.style.display = 'none'; }
    network.once('afterDrawing', separate);
    network.redraw();
  }
  network.once('stabilizationIterationsDone', done);
  setTimeout(done, 20000);
})();
"""


def _settle_script() -> str:
    return f"<script>{_SETTLE_JS % DEFAULT_LIMIT}</script>"


def plot_momentum(rows: list[list], path: str | Path, top: int = 6) -> None:
    """Write the momentum chart (`momentum_figure`) as .png, .svg or .html (the SVG in a page)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg", ".html"):
        raise UsageError(f"{path}: the chart is written as .png, .svg or .html")
    import matplotlib.pyplot as plt
    fig = momentum_figure(rows, top)
    if suffix == ".html":
        import io
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        Path(path).write_text("<!doctype html><meta charset='utf-8'><title>kg momentum</title>"
                              f"<body style='font-family:sans-serif'>{buf.getvalue()}</body>", encoding="utf-8")
    else:
        fig.savefig(path, dpi=120)
    plt.close(fig)


def momentum_figure(rows: list[list], top: int = 6):
    """Each top company's gaining (up, green) and losing (down, red) stories per period, one panel each
    (momentum counts a story once per company and stance)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    dated = [r for r in rows if r[1] != "undated"]
    totals: Counter = Counter()
    for r in dated:
        totals[r[0]] += r[2] + r[3]
    companies = [c for c, _ in totals.most_common(top)]
    periods = _period_range(sorted({r[1] for r in dated}))
    if not companies:
        raise UsageError("no dated gaining or losing stories to plot")
    fig, axes = plt.subplots(len(companies), 1, figsize=(max(6, 0.6 * len(periods) + 3), 1.6 * len(companies) + 1),
                             sharex=True, squeeze=False)
    index = {p: i for i, p in enumerate(periods)}
    for ax, company in zip(axes[:, 0], companies):
        g = [0] * len(periods)
        lo = [0] * len(periods)
        for r in dated:
            if r[0] == company:
                g[index[r[1]]] = r[2]
                lo[index[r[1]]] = -r[3]
        ax.bar(range(len(periods)), g, color=STANCE_COLORS["gaining"], label="gaining")
        ax.bar(range(len(periods)), lo, color=STANCE_COLORS["losing"], label="losing")
        ax.axhline(0, color="#444", linewidth=0.8)
        ax.set_title(company, loc="left", fontsize=11, fontweight="bold")
        ax.set_ylabel("stories")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))  # losing bars count down
        ax.spines[["top", "right"]].set_visible(False)
    axes[-1, 0].set_xticks(range(len(periods)), periods, rotation=45, ha="right")
    handles, names = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, names, loc="upper right", frameon=False, ncol=2)
    axes[-1, 0].set_xlabel(f"{_period_kind(periods[0])} of the story's first report")
    fig.suptitle("Claims that a company is gaining (up) or losing (down) ground", x=0.02, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig


def _period_kind(period: str) -> str:
    return "year" if len(period) == 4 else "quarter" if "Q" in period else "month"


def _period_range(periods: list[str]) -> list[str]:
    """Every period from the first to the last, so that gaps show as gaps."""
    from kg.analysis import previous_period
    if not periods:
        return []
    by = _period_kind(periods[0])
    out = [periods[-1]]
    while out[-1] > periods[0] and len(out) < 1000:
        out.append(previous_period(out[-1], by))
    return out[::-1]
