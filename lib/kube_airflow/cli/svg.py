"""Draws a kube_airflow.cli.picture Model as SVG with no layout engine and nothing random: the same
model gives the same bytes anywhere. Columns: clients, the roles they reach, the other roles, the
backing services; below, the Jobs, then the Secrets, ConfigMaps and volume claims. Connections run
in lanes between columns: all those into one port of a box share a lane (a bus; a dot where one
joins it) and end in one arrow, labelled with the port."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from typing import NamedTuple
from xml.sax.saxutils import escape

from kube_airflow.cli.picture import Edge, Model, Node

COLUMNS = ("clients", "exposed", "core", "backing")
SIZE, TITLE_SIZE, HEADING = 11, 12, 15
CHAR = 0.6  # ems per character: enough for the common sans-serif fonts
PAD, LINE, HEAD, GAP, LANE, ROOM, MARGIN, TOP = 8, 14, 22, 18, 8, 48, 16, 52
# (fill, stroke, what the legend calls it), by tier and, for what pods reference, by kind.
STYLE = {
    "clients": ("#f1f3f5", "#868e96", "client"),
    "exposed": ("#e7f1fb", "#1c64b0", "Airflow role"),
    "core": ("#e7f1fb", "#1c64b0", "Airflow role"),
    "backing": ("#ebf6ec", "#2f7d32", "backing service"),
    "jobs": ("#f3ecfb", "#6741a8", "Job"),
    "Secret": ("#fdeeee", "#c0392b", "Secret"),
    "ConfigMap": ("#fff7e0", "#b8860b", "ConfigMap"),
    "PersistentVolumeClaim": ("#eef0f2", "#56606b", "volume claim"),
}
PALETTE = ("#1971c2", "#e8590c", "#2b8a3e", "#5c5f66", "#c92a2a", "#7048e8", "#0c8599")
LANES = {("bus", "R"): 0, ("pass", "L"): 1, ("pass", "R"): 1, ("bus", "L"): 2}
BOLD = 'font-weight="bold"'
HALO = 'stroke="#ffffff" stroke-width="3" paint-order="stroke"'

Point = tuple[int, int]
Bus = tuple[str, str, str, str]  # target, the side it enters by (L, R, T), via, label
Route = tuple[str, Bus, str]  # how it runs, its bus, the side it leaves its source by


class Box(NamedTuple):
    x: int
    y: int
    w: int
    h: int

    def side(self, side: str, offset: int = 0) -> Point:
        """A point on the left, right, top or bottom edge, offset from the edge's middle."""
        x, y = self.x + self.w // 2 + offset, self.y + self.h // 2 + offset
        ends = {"L": (self.x, y), "R": (self.x + self.w, y), "T": (x, self.y)}
        return ends.get(side, (x, self.y + self.h))


def width(text: str, size: int = SIZE) -> int:
    return int(len(text) * size * CHAR) + 1


def size(node: Node) -> tuple[int, int]:
    texts = [width(node.title, TITLE_SIZE), *(width(line) for line in node.lines)]
    return max(texts) + 2 * PAD, HEAD + LINE * len(node.lines) + PAD // 2


def style(node: Node) -> tuple[str, str, str]:
    return STYLE[node.kind if node.tier == "refs" else node.tier]


class Layout:
    """Where every box, lane and connection goes."""

    def __init__(self, model: Model) -> None:
        self.tiers = {n.id: n.tier for n in model.nodes}
        self.columns = [c for c in ([n for n in model.nodes if n.tier == t] for t in COLUMNS) if c]
        self.column = {n.id: i for i, col in enumerate(self.columns) for n in col}
        self.gutters: dict[int, set[tuple[str, Bus]]] = defaultdict(set)
        self.top: set[Bus] = set()
        self.bottom: set[Bus] = set()
        self.routes = {e: self.plan(e) for e in model.edges}
        self.boxes: dict[str, Box] = {}
        self.lane_x: dict[tuple[str, Bus], int] = {}
        self.place()
        below = self.main_bottom + 16 + len(self.bottom) * LANE + 16
        jobs = self.row([n for n in model.nodes if n.tier == "jobs"], below)
        refs = [n for n in model.nodes if n.tier == "refs"]
        refs.sort(key=lambda n: (list(STYLE).index(n.kind), n.id))  # Secrets first, by the Jobs
        self.bottom_end = self.row(refs, jobs + 28)
        right = max(
            self.main_right,
            MARGIN + width(model.title, HEADING),
            *(b.x + b.w for b in self.boxes.values()),
        )
        self.width = right + MARGIN

    def plan(self, edge: Edge) -> Route:
        """How a connection runs, taking its lanes: into its target's bus, in the gutter beside
        the target, from the source's gutter (direct), over the top (over) or from the Jobs (up); or
        down from a box's bottom to another's top (a Job to the Secret its Role lets it write)."""
        sc, tc = self.column.get(edge.source), self.column.get(edge.target)
        if tc is None or (sc is None and self.tiers[edge.source] != "jobs"):
            return "down", (edge.target, "T", edge.via, edge.label), "B"
        forward = sc is None or sc < tc
        bus, into = (edge.target, "L" if forward else "R", edge.via, edge.label), tc + (not forward)
        self.gutters[into].add(("bus", bus))
        if sc is None:
            self.bottom.add(bus)
            return "up", bus, "T"
        leave, side = (sc + 1, "R") if tc >= sc else (sc, "L")
        if leave != into:
            self.gutters[leave].add(("pass", bus))
            self.top.add(bus)
        return ("direct" if leave == into else "over"), bus, side

    def place(self) -> None:
        """Columns left to right, each centred on the tallest, and the lanes between them."""
        sizes = {n.id: size(n) for col in self.columns for n in col}
        heights = [sum(sizes[n.id][1] + GAP for n in col) - GAP for col in self.columns]
        top, x = TOP + len(self.top) * LANE + 16, MARGIN
        for g in range(len(self.columns) + 1):
            # Buses into the left column's boxes nearest them, those into the right column's
            # nearest those, so that each port label sits where no other lane crosses.
            lanes = sorted(self.gutters[g], key=lambda lane: (LANES[lane[0], lane[1][1]], lane))
            self.lane_x |= {lane: x + ROOM + k * LANE for k, lane in enumerate(lanes)}
            inner = 0 < g < len(self.columns)
            x += 2 * ROOM + (len(lanes) - 1) * LANE if lanes else 2 * GAP * inner
            if g < len(self.columns):
                col = self.columns[g]
                y, w = top + (max(heights) - heights[g]) // 2, max(sizes[n.id][0] for n in col)
                for node in col:
                    self.boxes[node.id] = Box(x, y, w, sizes[node.id][1])
                    y += sizes[node.id][1] + GAP
                x += w
        self.main_right, self.main_bottom = x, top + max(heights, default=0)
        self.top_y = {bus: TOP + k * LANE for k, bus in enumerate(sorted(self.top))}
        below = self.main_bottom + 16
        self.bottom_y = {bus: below + k * LANE for k, bus in enumerate(sorted(self.bottom))}

    def row(self, nodes: list[Node], y: int) -> int:
        """Boxes left to right from y, wrapping at the columns' width; returns the bottom."""
        x, bottom = MARGIN, y
        for node in nodes:
            w, h = size(node)
            if x > MARGIN and x + w > max(self.main_right, 800):
                x, y = MARGIN, bottom + GAP
            self.boxes[node.id] = Box(x, y, w, h)
            x, bottom = x + w + GAP, max(bottom, y + h)
        return bottom

    def offsets(self) -> dict[tuple[str, Bus], int]:
        """Where along a box's side each connection leaves or enters, spread so that none meet,
        in the order of where they come from or go to, topmost first."""
        sides: dict[str, dict[tuple[str, Bus], int]] = defaultdict(dict)
        for edge, (how, bus, side) in self.routes.items():
            ends = ((edge.source, side, "out", edge.target), (bus[0], bus[1], "in", edge.source))
            for node, at, role, other in ends if how != "down" else ():
                away = {"over": -1, "up": 1 << 20}.get(how, self.boxes[other].y)
                ports = sides[f"{node}:{at}"]
                ports[role, bus] = min(away, ports.get((role, bus), away))
        found = {}
        for key, ports in sides.items():
            box, along = self.boxes[key.rsplit(":", 1)[0]], key[-1]
            extent = box.h if along in "LR" else box.w
            for i, (role, bus) in enumerate(sorted(ports, key=lambda p: (ports[p], p))):
                found[f"{key}:{role}", bus] = spread(i, len(ports), extent)
        return found

    def paths(self) -> list[tuple[Edge, list[Point]]]:
        offsets, found = self.offsets(), []
        for edge, (how, bus, side) in sorted(self.routes.items()):
            source, target = self.boxes[edge.source], self.boxes[edge.target]
            start = source.side(side, offsets.get((f"{edge.source}:{side}:out", bus), 0))
            end = target.side(bus[1], offsets.get((f"{edge.target}:{bus[1]}:in", bus), 0))
            lane = [self.lane_x.get(("bus", bus), 0), end[1], end[0]]
            turns = {
                "direct": lane,
                "over": [self.lane_x.get(("pass", bus), 0), self.top_y.get(bus, 0), *lane],
                "up": [self.bottom_y.get(bus, 0), *lane],
                "down": [(start[1] + end[1]) // 2, *end],
            }[how]
            found.append((edge, manhattan(start, turns, how in ("up", "down"))))
        return found


def spread(i: int, n: int, extent: int, step: int = 10) -> int:
    step = min(step, max(extent - 16, 0) // max(n - 1, 1))
    return (2 * i - (n - 1)) * step // 2


def manhattan(start: Point, turns: list[int], vertical: bool) -> list[Point]:
    """The points of a path from start that moves to each x, then each y, in turn."""
    points = [start]
    for i, value in enumerate(turns):
        x, y = points[-1]
        points.append((x, value) if (i % 2 == 0) == vertical else (value, y))
    return [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]


def junctions(paths: list[list[Point]]) -> list[Point]:
    """Where three or more arms meet: where one connection joins another's lane."""
    segments = {s for path in paths for s in pairwise(path)}
    arms: dict[Point, set[Point]] = defaultdict(set)
    for p in {p for path in paths for p in path}:
        for a, b in (s for s in segments if p in s or inside(p, *s)):
            arms[p] |= {direction(p, q) for q in (a, b) if q != p}
    return sorted(p for p, found in arms.items() if len(found) >= 3)


def direction(a: Point, b: Point) -> Point:
    return (b[0] > a[0]) - (b[0] < a[0]), (b[1] > a[1]) - (b[1] < a[1])


def inside(p: Point, a: Point, b: Point) -> bool:
    on_x = a[0] == b[0] == p[0] and min(a[1], b[1]) < p[1] < max(a[1], b[1])
    return on_x or (a[1] == b[1] == p[1] and min(a[0], b[0]) < p[0] < max(a[0], b[0]))


def render(model: Model) -> str:
    layout = Layout(model)
    paths = layout.paths()
    colors = {via: PALETTE[i % len(PALETTE)] for i, via in enumerate(model.vias)}
    legend, bottom = legend_items(model, colors, layout.bottom_end + 28, layout.width)
    w, h = layout.width, bottom + MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'font-family="sans-serif" font-size="{SIZE}">',
        f"<title>{escape(model.title)}</title>",
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
        "<defs>",
        *(f'<marker id="arrow{i}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
          f'markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="{color}"/></marker>'
          for i, color in enumerate(colors.values())),
        "</defs>",
        text(MARGIN, 22, model.title, f'font-size="{HEADING}" {BOLD}'),
        text(MARGIN, 38, "drawn by make diagram from the synthesized objects", 'fill="#666666"'),
        *(draw_box(layout.boxes[n.id], n) for n in model.nodes),
    ]  # fmt: skip
    for edge, path in paths:
        points = " ".join(f"{x},{y}" for x, y in path)
        arrow = f"url(#arrow{model.vias.index(edge.via)})"
        out.append(f'<polyline points="{points}" fill="none" stroke="{colors[edge.via]}" '
                   f'stroke-width="1.4" marker-end="{arrow}"/>')  # fmt: skip
    for bus in sorted({route[1] for route in layout.routes.values()}):
        for x, y in junctions([p for e, p in paths if layout.routes[e][1] == bus]):
            out.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colors[bus[2]]}"/>')
    return "\n".join([*out, *port_labels(paths, colors), *legend, "</svg>", ""])


def text(x: int, y: int, content: str, attributes: str = "") -> str:
    spaced = f" {attributes}" if attributes else ""
    return f'<text x="{x}" y="{y}"{spaced}>{escape(content)}</text>'


def draw_box(box: Box, node: Node) -> str:
    fill, stroke, _ = style(node)
    dash = "" if node.declared else ' stroke-dasharray="5,3"'
    rect = f'<g><rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="6" '
    parts = [rect + f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>']
    parts.append(text(box.x + PAD, box.y + 16, node.title, f'font-size="{TITLE_SIZE}" {BOLD}'))
    for i, line in enumerate(node.lines):
        parts.append(text(box.x + PAD, box.y + HEAD + 9 + i * LINE, line, 'fill="#333333"'))
    return "".join([*parts, "</g>"])


def port_labels(paths: list[tuple[Edge, list[Point]]], colors: dict[str, str]) -> list[str]:
    """One label per arrow head: the port (or what a Role allows), beside the head."""
    placed = {}
    for edge, path in (p for p in paths if p[0].label):
        (x0, _), (x1, y1) = path[-2], path[-1]
        at, anchor = ((x1 - 12, y1 - 4), "end") if x1 > x0 else ((x1 + 12, y1 - 4), "start")
        if x0 == x1:
            at, anchor = ((x1 + 6, y1 - 8), "start")
        attributes = f'text-anchor="{anchor}" fill="{colors[edge.via]}" {HALO}'
        placed[at] = text(*at, edge.label, attributes)
    return [placed[at] for at in sorted(placed)]


def legend_items(model: Model, colors: dict[str, str], y: int, limit: int) -> tuple[list[str], int]:
    """A sample of every kind of box and connection drawn, left to right, wrapping at limit."""
    box = '<rect x="{x}" y="{y}" width="22" height="12" rx="3" fill="%s" stroke="%s"%s/>'
    drawn = dict.fromkeys(s for s in STYLE.values() if s in {style(n) for n in model.nodes})
    samples = [(box % (fill, stroke, ""), name) for fill, stroke, name in drawn]
    if not all(n.declared for n in model.nodes):
        dashed = box % ("#ffffff", "#555555", ' stroke-dasharray="5,3"')
        samples.append((dashed, "referenced, not in the manifests"))
    line = '<line x1="{x}" y1="{mid}" x2="{end}" y2="{mid}" stroke="%s" stroke-width="1.4" %s/>'
    for i, via in enumerate(model.vias):
        if any(e.via == via for e in model.edges):
            samples.append((line % (colors[via], f'marker-end="url(#arrow{i})"'), via))
    if model.edges:
        samples.append(('<circle cx="{dot}" cy="{mid}" r="3" fill="#555555"/>', "joins a lane"))
    out, x, top = [], MARGIN, y
    for sample, label in samples:
        if x > MARGIN and x + 28 + width(label) > limit:
            x, top = MARGIN, top + 20
        fields = {"x": x, "y": top, "mid": top + 6, "end": x + 22, "dot": x + 11}
        out += [sample.format(**fields), text(x + 28, top + 10, label)]
        x += 28 + width(label) + 18
    return out, top + 14
