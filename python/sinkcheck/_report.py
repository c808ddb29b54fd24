"""The text table of sinkcheck.torch's analysis, one line per head."""


def interval_text(pair):
    """A certified interval, to 4 digits when it is that tight, else both ends."""
    if pair is None:
        return "-"
    lo, hi = pair
    scale = max(abs(lo), abs(hi))
    if hi - lo <= 1e-4 * scale:
        return f"{(lo + hi) / 2:.4g}"
    return f"[{lo:.4g}, {hi:.4g}]"


def _signs(head):
    signs = head.smoothing.get("signs", {})
    red, blue = signs.get("beta tr(BW)", {}), signs.get("beta tr(BW) + tr(BW^T W)", {})

    def sign(s):
        return {1: "+", -1: "-", 0: "0"}.get(s.get("sign"), "?")
    return f"{sign(red)}{sign(blue)} [{red.get('stage', '')}/{blue.get('stage', '')}]"


def analysis_table(analysis):
    header = (f"{'head':<22} {'pattern':<9} {'A[i,0]':>6} {'A[i,i]':>6} {'class':<6} {'signs (stages)':<24} "
              f"{'||W_QK||_*':>10} {'margin':>8} {'min cost':>10} {'ratio':>8}  cost of")
    lines = [
        "pattern: mean attention of queries 1..T-1 on token 0 (A[i,0]) and on themselves (A[i,i]), measured;",
        f"  sink if A[i,0] >= {analysis.sink_threshold}, diagonal if A[i,i] >= {analysis.diagonal_threshold}.",
        "class: Figure 8's class of the estimated (beta, B, W_OV). signs: of beta tr(BW), then of",
        "  beta tr(BW) + tr(BW^T W), certified, with the stages that decided them; red when the first",
        "  is +, blue when the second is -, grey otherwise.",
        f"costs on context {analysis.context}, certified: the head's score matrix ||W_QK||_* (scores z_i^T W_QK z_j),",
        "  its smallest score gap (margin), the minimum cost of any matrix meeting its pattern with that margin",
        "  (sink: P1.b's margin/(rho_Q rho_K); diagonal: the nuclear-norm program) and ||W_QK||_* / minimum.",
        "",
        header,
        "-" * len(header),
    ]
    for h in analysis.heads:
        c = h.cost or {}
        margin = f"{float(c['margin']):.3g}" if "margin" in c else "-"
        row = (f"{h.label:<22} {h.pattern:<9} {h.sink_mass:>6.3f} {h.diagonal_mass:>6.3f} {h.smoothing_class:<6} "
               f"{_signs(h):<24} {interval_text(c.get('nuclear_norm')):>10} "
               f"{margin:>8} "
               f"{interval_text(c.get('min_cost')):>10} {interval_text(c.get('ratio')):>8}  {h.cost_kind or '-'}")
        lines.append(row)
        if h.cost_note:
            lines.append(f"{'':<22} note: {h.cost_note}")
    counts = {}
    for h in analysis.heads:
        counts[h.smoothing_class] = counts.get(h.smoothing_class, 0) + 1
    lines.append("")
    lines.append(f"{len(analysis.heads)} heads: sinks {analysis.sink_share:.0%}, diagonal {analysis.diagonal_share:.0%}; "
                 + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return "\n".join(lines)
