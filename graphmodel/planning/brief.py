"""A printable brief per plan, in Markdown or self-contained HTML (no external URLs).

:func:`plan_brief` takes one entry of :func:`graphmodel.planning.compare.compare_plans`
(and the whole comparison, for the table of options) and writes: what the plan is
(levers with cost and lead time), what it buys against the scenario or stress test
(platforms protected, volume restored, time to survive and recover before and after),
the evidence per lever (the binding constraint it relieves), the adversary-linked
dependencies it removes (and any it adds), and the table of every option compared.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["plan_brief"]


def _v(x: Any) -> str:
    if x is None:
        return "never / unknown"
    if isinstance(x, float):
        return f"{x:,.6g}"
    if isinstance(x, list):
        return " → ".join(_v(y) for y in x)
    return str(x)


def _lever_text(lv: dict[str, Any], names: dict[str, Any]) -> str:
    def n(x: str) -> str:
        name = names.get(x)
        return f"{name} ({x})" if name and name != x else x

    k = lv["kind"]
    if k == "stockpile":
        return f"hold {_v(float(lv['quantity']))} more units of {n(lv['item'])}"
    if k == "licence":
        cap = f", {_v(lv['capacity_per_day'])}/day" if lv.get("capacity_per_day") else ""
        return (
            f"license {n(lv['organisation'])} as a second source of {n(lv['item'])}{cap}, "
            f"qualified in {_v(lv['qualification_days'])} days"
        )
    if k == "recycling":
        return (
            f"recycle {n(lv['item'])} at {n(lv['organisation'])} "
            f"({_v(lv['capacity_per_day'])}/day, flowing after {_v(lv['lead_days'])} days)"
        )
    if k == "substitute":
        return (
            f"qualify {n(lv['substitute'])} for {n(lv['item'])} ({_v(lv['ratio'])} per unit) "
            f"in {_v(lv['qualification_days'])} days"
        )
    where = "to" if lv["action"] == "add" else "from"
    return f"{lv['action']} {n(lv['country'])} {where} {lv['group']}"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]
    return out


def _markdown(result: dict[str, Any], comparison: dict[str, Any] | None) -> str:
    against = result.get("against") or {}
    what = (
        f"scenario `{against['scenario']}`"
        if "scenario" in against
        else "the whole single-node stress test"
    )
    lines = [f"# Plan brief: {result['plan']}", ""]
    if result.get("description"):
        lines += [result["description"], ""]
    lines += [
        f"Evaluated against {what} with the volume model (Simchi-Levi TTS/TTR linear "
        "programs, HiGHS).",
        "",
        "## Levers",
        "",
    ]
    lines += _table(
        ["#", "lever", "cost", "lead time (days)"],
        [
            [str(k), _lever_text(lv, result.get("names") or {}), _v(lv.get("cost")), _v(_lead(lv))]
            for k, lv in enumerate(result.get("levers", []))
        ],
    )
    lines += [
        "",
        f"Plan cost: {_v(result.get('cost'))}"
        + (
            f" (known part {_v(result.get('cost_known_part'))}; no cost for "
            f"{', '.join(result['levers_without_cost'])})"
            if result.get("levers_without_cost")
            else ""
        )
        + f"; lead time {_v(result.get('lead_days'))} days.",
        "",
        "## What it buys",
        "",
    ]
    if not result.get("computed"):
        lines += [f"Not computed: {result.get('reason')}.", ""]
    else:
        lines += [
            f"- Platforms protected: {', '.join(result['platforms_protected']) or 'none'}",
            f"- Platforms still at risk: {', '.join(result['platforms_at_risk_after']) or 'none'}",
            f"- Volume restored (weighted): {_v(result['volume_restored'])} "
            f"(weighted lost volume {_v(result['weighted_lost_volume'])})",
            f"- Time to survive (days): {_v(result['time_to_survive_days'])}",
            f"- Time to recover (days): {_v(result['time_to_recover_days'])}",
            "",
        ]
        if result.get("platforms"):
            lines += _table(
                ["platform", "at risk", "TTS (days)", "TTR (days)", "lost volume"],
                [
                    [
                        f"{p['name'] or p['platform']} ({p['platform']})",
                        f"{'yes' if p['at_risk_before'] else 'no'} → "
                        f"{'yes' if p['at_risk_after'] else 'no'}",
                        _v(p["time_to_survive_days"]),
                        _v(p["time_to_recover_days"]),
                        _v(p["lost_volume"]),
                    ]
                    for p in result["platforms"]
                ],
            )
            lines.append("")
    if result.get("evidence"):
        lines += ["## Evidence: the binding constraints each lever relieves", ""]
        for e in result["evidence"]:
            why = "; ".join(e["relieves"]) or "no binding constraint of the scenario names it"
            lines.append(f"- lever {e['lever']} ({e['kind']}, {e['name'] or e['item']}): {why}")
        lines.append("")
    deps = result.get("adversary_dependencies")
    if deps:
        lines += [
            "## Adversary-linked dependencies",
            "",
            f"{deps['before']} before, {deps['after']} after the plan (levers in place).",
            "",
        ]
        for d in deps["removed"]:
            via = ", ".join(f"{s['name'] or s['organisation']}" for s in d["linked_sources"])
            lines.append(
                f"- removed: {d['platform']} no longer depends on {d['name'] or d['item']} "
                f"({d['item']}) from {via or 'a linked item'}"
            )
        for d in deps["added"]:
            lines.append(f"- added: {d['platform']} now depends on {d['item']}")
        lines.append("")
    if comparison and comparison.get("plans"):
        lines += ["## Options compared", ""]
        lines += _table(
            ["plan", "cost", "lead (days)", "protected", "volume restored", "TTR (days)"],
            [
                [
                    ("**" + r["plan"] + "**") if r["plan"] == result["plan"] else r["plan"],
                    _v(r.get("cost")),
                    _v(r.get("lead_days")),
                    str(len(r.get("platforms_protected") or [])),
                    _v(r.get("volume_restored")),
                    _v(r.get("time_to_recover_days")),
                ]
                for r in comparison["plans"]
            ],
        )
        lines.append("")
    lines += [
        "Timing: levers other than stockpiles start when the disruption does and count "
        "from their lead time; stock is held beforehand. Volumes are continuous (an integer "
        "version differs by rounding only).",
        "",
    ]
    return "\n".join(lines)


def _lead(lv: dict[str, Any]) -> Any:
    return lv.get("qualification_days", lv.get("lead_days"))


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#111}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #999;"
    "padding:.25rem .5rem;text-align:left}th{background:#eee}"
    "@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}"
    "table{page-break-inside:avoid}}"
)


def _html(md: str, title: str) -> str:
    """A small Markdown-to-HTML rendering of the brief's own subset (headings, bullets,
    tables, bold), escaped, with print CSS inline."""
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
    ]
    in_list = False
    table: list[list[str]] = []

    def cell(t: str) -> str:
        t = html.escape(t.strip())
        while "**" in t:
            t = t.replace("**", "<strong>", 1).replace("**", "</strong>", 1)
        return t.replace("`", "")

    def flush() -> None:
        nonlocal table
        if table:
            out.append("<table><thead><tr>" + "".join(f"<th>{cell(c)}</th>" for c in table[0]))
            out.append("</tr></thead><tbody>")
            for r in table[2:]:
                out.append("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in r) + "</tr>")
            out.append("</tbody></table>")
            table = []

    for line in md.splitlines():
        if line.startswith("|"):
            table.append(line.strip("|").split(" | "))
            continue
        flush()
        if line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{cell(line[2:])}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if line.startswith("## "):
            out.append(f"<h2>{cell(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{cell(line[2:])}</h1>")
        elif line.strip():
            out.append(f"<p>{cell(line)}</p>")
    flush()
    if in_list:
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def plan_brief(
    result: dict[str, Any], comparison: dict[str, Any] | None = None, fmt: str = "md"
) -> str:
    """The brief of one evaluated plan (``md`` or ``html``)."""
    md = _markdown(result, comparison)
    if fmt == "html":
        return _html(md, f"Plan brief: {result['plan']}")
    return md
