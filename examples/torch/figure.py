"""The experiment's figure as a self-contained SVG (no plotting library needed).

One column per model: above, every head at (attention on the first token,
attention on itself), coloured by its certified Figure 8 class; below, on a
log10 axis, each sink or diagonal head's ||W_QK||_* (filled) against the
certified minimum cost of its pattern (open), and the certified minimum
costs of switching the dormant tokens off with a sink (diamond) or a
diagonal pattern (square) at margin 1.
"""
import math
from xml.sax.saxutils import escape

COLOURS = {"red": "#c0392b", "blue": "#2471a3", "grey": "#808b96", "undecided": "#ffffff"}
COLUMN, SQUARE, MARGIN, ROW = 440, 300, 60, 26


def _text(x, y, s, size=12, anchor="start", weight="normal"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'font-family="sans-serif">{escape(s)}</text>')


def _scatter(x0, y0, analysis):
    out = [f'<rect x="{x0}" y="{y0}" width="{SQUARE}" height="{SQUARE}" fill="none" stroke="#333"/>']
    # queries' masses on the first token and on themselves sum to at most 1
    out.append(f'<path d="M{x0 + SQUARE},{y0 + SQUARE} L{x0},{y0}" stroke="#bbb" stroke-dasharray="4 3"/>')
    for threshold, name in ((analysis.sink_threshold, "sink"), (analysis.diagonal_threshold, "diagonal")):
        if name == "sink":
            x = x0 + threshold * SQUARE
            out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + SQUARE}" stroke="#ddd"/>')
        else:
            y = y0 + SQUARE - threshold * SQUARE
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + SQUARE}" y2="{y:.1f}" stroke="#ddd"/>')
    for t in (0, 0.5, 1):
        out.append(_text(x0 + t * SQUARE, y0 + SQUARE + 16, f"{t:g}", 11, "middle"))
        out.append(_text(x0 - 6, y0 + SQUARE - t * SQUARE + 4, f"{t:g}", 11, "end"))
    out.append(_text(x0 + SQUARE / 2, y0 + SQUARE + 34, "attention on the first token", 12, "middle"))
    out.append(f'<g transform="translate({x0 - 30},{y0 + SQUARE / 2}) rotate(-90)">'
               + _text(0, 0, "attention on itself", 12, "middle") + "</g>")
    for h in analysis.heads:
        cx, cy = x0 + h.sink_mass * SQUARE, y0 + SQUARE - h.diagonal_mass * SQUARE
        fill = COLOURS.get(h.smoothing_class, "#ffffff")
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="7" fill="{fill}" stroke="#222"/>')
        out.append(_text(cx + 10, cy + 4, h.label.rsplit(".", 1)[-1], 11))
    return out


def _costs(x0, y0, analysis, switch, low, high):
    rows = [h for h in analysis.heads if h.cost and h.cost.get("min_cost")]
    width = SQUARE
    n = len(rows) + 1  # the heads, then the switch

    def at(v):
        return x0 + (math.log10(v) - low) / (high - low) * width

    out = [f'<line x1="{x0}" y1="{y0 + ROW * n}" x2="{x0 + width}" y2="{y0 + ROW * n}" stroke="#333"/>']
    for e in range(math.ceil(low), math.floor(high) + 1):
        x = at(10 ** e)
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + ROW * n}" stroke="#eee"/>')
        out.append(_text(x, y0 + ROW * n + 16, f"1e{e}", 11, "middle"))
    for k, h in enumerate(rows):
        y = y0 + ROW * k + ROW / 2
        minimum, actual = sum(h.cost["min_cost"]) / 2, sum(h.cost["nuclear_norm"]) / 2
        colour = COLOURS.get(h.smoothing_class, "#ffffff")
        out.append(f'<line x1="{at(minimum):.1f}" y1="{y:.1f}" x2="{at(actual):.1f}" y2="{y:.1f}" stroke="#555"/>')
        out.append(f'<circle cx="{at(minimum):.1f}" cy="{y:.1f}" r="5" fill="#fff" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<circle cx="{at(actual):.1f}" cy="{y:.1f}" r="5" fill="{colour}" stroke="#222"/>')
        out.append(_text(x0 - 6, y + 4, f"{h.label.rsplit('.', 1)[-1]} {h.pattern}", 11, "end"))
    y = y0 + ROW * len(rows) + ROW / 2
    sink, diagonal = at(sum(switch["sink"]) / 2), at(sum(switch["diagonal"]) / 2)
    out.append(f'<line x1="{sink:.1f}" y1="{y:.1f}" x2="{diagonal:.1f}" y2="{y:.1f}" stroke="#aaa" stroke-dasharray="3 2"/>')
    out.append(f'<path d="M{sink:.1f},{y - 6:.1f} l6,6 l-6,6 l-6,-6 z" fill="#222"/>')
    out.append(f'<rect x="{diagonal - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#222"/>')
    out.append(_text(x0 - 6, y + 4, "switch, margin 1", 11, "end"))
    out.append(_text(x0 + width / 2, y0 + ROW * n + 34, "||W_QK||_*: head (filled), minimum of its pattern (open);", 12,
                     "middle"))
    out.append(_text(x0 + width / 2, y0 + ROW * n + 50, "switch off dormant tokens: sink (diamond), diagonal (square)",
                     12, "middle"))
    return out, ROW * n + 60


def heads_figure(panels, path):
    """panels: [(title, sinkcheck.torch.Analysis, switch costs)]; writes one SVG with a column per panel."""
    values = [v for _, a, _ in panels for h in a.heads if h.cost and h.cost.get("min_cost")
              for v in (sum(h.cost["min_cost"]) / 2, sum(h.cost["nuclear_norm"]) / 2) if v > 0]
    values += [sum(s[key]) / 2 for _, _, s in panels for key in ("sink", "diagonal")]
    low = math.floor(math.log10(min(values))) if values else 0
    high = math.ceil(math.log10(max(values))) if values else 1
    high = max(high, low + 1)
    body, height = [], 0
    for k, (title, analysis, switch) in enumerate(panels):
        x0 = MARGIN + 40 + k * COLUMN
        body.append(_text(x0 + SQUARE / 2, 24, title, 14, "middle", "bold"))
        body += _scatter(x0, 40, analysis)
        costs, costs_height = _costs(x0, 40 + SQUARE + 70, analysis, switch, low, high)
        body += costs
        height = max(height, 40 + SQUARE + 70 + costs_height)
    legend_y = height + 10
    body.append(_text(MARGIN, legend_y + 4, "certified class of (beta, B, W_OV):", 12))
    for k, (name, colour) in enumerate(COLOURS.items()):
        x = MARGIN + 220 + k * 100
        body.append(f'<circle cx="{x}" cy="{legend_y}" r="6" fill="{colour}" stroke="#222"/>')
        body.append(_text(x + 10, legend_y + 4, name, 12))
    width = MARGIN + 40 + COLUMN * len(panels)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{legend_y + 20}" '
           f'viewBox="0 0 {width} {legend_y + 20}">', '<rect width="100%" height="100%" fill="#fff"/>', *body, "</svg>"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")
