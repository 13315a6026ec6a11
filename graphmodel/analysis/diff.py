"""What changed between two analysis runs, per platform, each change with its evidence.

For every platform in either run:

- ``spof``: single points of failure (order 1: organisations, facilities,
  countries) that are ``new`` or ``resolved``, with the evidence of the run
  where they are one (the item and path that depend on them);
- ``adversary``: organisations and facilities in the platform's network that
  became adversary-linked (``new``, with the reasons that appeared: kind,
  detail, path and sources) or stopped being (``cleared``, with the reasons
  they had);
- ``feasibility``: a flip of adversary-free feasibility, with the blocking items;
- ``sole_sources``: items with a single qualified source that appeared (and went);
- ``concentration``: items whose share from countries of concern, or whose
  country concentration (HHI / 10,000), moved by at least ``threshold``.

Examples
--------
>>> a = {"platforms": {"P": {"spof": {"order1": {"organisations": ["A"]}},
...      "adversary_free": {"feasible": True}, "sole_source_items": [], "tiers": {}}},
...      "nodes": {}}
>>> b = {"platforms": {"P": {"spof": {"order1": {"organisations": ["A", "B"]},
...      "order1_evidence": {"B": {"item": "I", "path": ["P", "I"]}}},
...      "adversary_free": {"feasible": False, "blocking_items": ["I"]},
...      "sole_source_items": ["I"], "tiers": {}}}, "nodes": {}}
>>> d = diff_reports(a, b)["platforms"]["P"]
>>> d["spof"]["new"][0]["id"], d["spof"]["new"][0]["evidence"]["path"]
('B', ['P', 'I'])
>>> d["feasibility"]["to"], d["sole_sources"]["new"]
(False, ['I'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

import orjson

from graphmodel.analysis.report_json import EncodedReport

__all__ = ["BasisParts", "diff_basis", "diff_parts", "diff_reports", "diff_summary"]

_SPOF_KINDS: Final = ("organisations", "facilities", "countries")


def _spof(pa: Mapping[str, Any], pb: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"new": [], "resolved": []}
    for kind in _SPOF_KINDS:
        before = set((pa.get("spof") or {}).get("order1", {}).get(kind, []))
        after = set((pb.get("spof") or {}).get("order1", {}).get(kind, []))
        for name, ids, src in (("new", after - before, pb), ("resolved", before - after, pa)):
            evidence = (src.get("spof") or {}).get("order1_evidence", {})
            for node in sorted(ids):
                out[name].append({"id": node, "kind": kind, "evidence": evidence.get(node)})
    return out


def _network(p: Mapping[str, Any]) -> set[str]:
    return set((p.get("tiers") or {}).keys())


def _reason_keys(reasons: list[Mapping[str, Any]]) -> set[tuple[str, str]]:
    return {(str(r.get("kind")), str(r.get("detail"))) for r in reasons}


def _adversary(
    na: Mapping[str, Any], nb: Mapping[str, Any], nodes: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """How the adversary verdicts of ``nodes`` moved from ``na`` to ``nb``."""
    out: dict[str, list[dict[str, Any]]] = {"new": [], "cleared": [], "changed": []}
    for node in sorted(nodes):
        ea, eb = na.get(node) or {}, nb.get(node) or {}
        la, lb = bool(ea.get("adversary_linked")), bool(eb.get("adversary_linked"))
        ra, rb = ea.get("reasons") or [], eb.get("reasons") or []
        if lb and not la:
            out["new"].append({"id": node, "reasons": rb})
        elif la and not lb:
            out["cleared"].append({"id": node, "reasons": ra})
        elif la and lb and _reason_keys(ra) != _reason_keys(rb):
            appeared = [r for r in rb if (r.get("kind"), r.get("detail")) not in _reason_keys(ra)]
            gone = [r for r in ra if (r.get("kind"), r.get("detail")) not in _reason_keys(rb)]
            out["changed"].append({"id": node, "appeared": appeared, "gone": gone})
    return out


def _concentration(
    pa: Mapping[str, Any], pb: Mapping[str, Any], threshold: float
) -> list[dict[str, Any]]:
    out = []
    ca, cb = pa.get("concentration") or {}, pb.get("concentration") or {}
    for item in sorted(set(ca) | set(cb)):
        fa, fb = ca.get(item) or {}, cb.get(item) or {}
        concern = float(fb.get("concern_share") or 0) - float(fa.get("concern_share") or 0)
        hhi = (float(fb.get("country_hhi") or 0) - float(fa.get("country_hhi") or 0)) / 10_000
        if abs(concern) >= threshold or abs(hhi) >= threshold:
            out.append(
                {
                    "item": item,
                    "concern_share": {
                        "from": fa.get("concern_share"),
                        "to": fb.get("concern_share"),
                    },
                    "country_hhi": {"from": fa.get("country_hhi"), "to": fb.get("country_hhi")},
                    "country_shares": {
                        "from": fa.get("country_shares"),
                        "to": fb.get("country_shares"),
                    },
                }
            )
    return out


#: What :func:`diff_reports` reads of a platform's concentration entry for an item.
_CONCENTRATION_KEYS: Final = ("concern_share", "country_hhi", "country_shares")


def diff_basis(report: Mapping[str, Any]) -> dict[str, Any]:
    """``report`` cut down to what :func:`diff_reports` reads, in the same shape.

    ``diff_reports(diff_basis(a), b) == diff_reports(a, b)``. A kept run stores
    its basis beside the report (:mod:`graphmodel.runs`), so comparing with the
    previous run parses a fraction of it: at 100,000 nodes the report is about
    180 MB, most of it paths, order-2 pairs and the concentration figures the
    diff does not look at.

    Examples
    --------
    >>> r = {"platforms": {"P": {"tiers": {"P": 0, "A": 1}, "paths": {"A": ["P", "A"]},
    ...      "spof": {"order1": {"organisations": ["A"]}, "order2": [["A", "B"]]},
    ...      "concentration": {"P": {"country_hhi": 1.0, "supplier_hhi": 2.0}}}},
    ...      "nodes": {"A": {"adversary_linked": True, "reasons": [], "name": "A"}}}
    >>> b = diff_basis(r)
    >>> b["platforms"]["P"]["spof"], b["platforms"]["P"]["concentration"]
    ({'order1': {'organisations': ['A']}}, {'P': {'country_hhi': 1.0}})
    >>> diff_reports(b, r)["platforms"]
    {}
    """
    platforms: dict[str, Any] = {}
    for pid, p in (report.get("platforms") or {}).items():
        spof = p.get("spof") or {}
        entry: dict[str, Any] = {
            "spof": {k: spof[k] for k in ("order1", "order1_evidence") if k in spof},
            "tiers": dict.fromkeys(p.get("tiers") or {}, 0),
            "sole_source_items": p.get("sole_source_items") or [],
            "concentration": {
                item: {k: c[k] for k in _CONCENTRATION_KEYS if k in c}
                for item, c in (p.get("concentration") or {}).items()
            },
        }
        if "adversary_free" in p:
            entry["adversary_free"] = p["adversary_free"]
        platforms[pid] = entry
    nodes = {
        node: {"adversary_linked": True, "reasons": e.get("reasons") or []}
        for node, e in (report.get("nodes") or {}).items()
        if e.get("adversary_linked")
    }
    return {"platforms": platforms, "nodes": nodes}


def diff_reports(
    a: Mapping[str, Any], b: Mapping[str, Any], *, threshold: float = 0.1
) -> dict[str, Any]:
    """Changes from report ``a`` (earlier) to report ``b`` (later), per platform."""
    pas, pbs = a.get("platforms") or {}, b.get("platforms") or {}
    na, nb = a.get("nodes") or {}, b.get("nodes") or {}
    platforms: dict[str, Any] = {}
    for pid in sorted(set(pas) | set(pbs)):
        pa, pb = pas.get(pid) or {}, pbs.get(pid) or {}
        nodes = _network(pa) | _network(pb)
        entry = _platform_diff(pa, pb, na, nb, nodes, threshold, pid in pas, pid in pbs)
        if entry is not None:
            platforms[pid] = entry
    return {"threshold": threshold, "platforms": platforms, "summary": diff_summary(platforms)}


def _platform_diff(
    pa: Mapping[str, Any],
    pb: Mapping[str, Any],
    na: Mapping[str, Any],
    nb: Mapping[str, Any],
    nodes: set[str],
    threshold: float,
    in_a: bool,
    in_b: bool,
) -> dict[str, Any] | None:
    """One platform's changes (``None`` when there are none); ``nodes`` are those whose
    adversary verdicts are compared."""
    fa = (pa.get("adversary_free") or {}).get("feasible")
    fb = (pb.get("adversary_free") or {}).get("feasible")
    sa, sb = set(pa.get("sole_source_items") or []), set(pb.get("sole_source_items") or [])
    entry: dict[str, Any] = {
        "spof": _spof(pa, pb),
        "adversary": _adversary(na, nb, nodes),
        "feasibility": None,
        "sole_sources": {"new": sorted(sb - sa), "gone": sorted(sa - sb)},
        "concentration": _concentration(pa, pb, threshold),
    }
    if not in_a:
        entry["platform"] = "new"
    elif not in_b:
        entry["platform"] = "gone"
    if fa is not None and fb is not None and fa != fb:
        entry["feasibility"] = {
            "from": fa,
            "to": fb,
            "blocking_items": (pb.get("adversary_free") or {}).get("blocking_items", []),
            "blocking": (pb.get("adversary_free") or {}).get("blocking", {}),
        }
    return entry if any(_changed(v) for v in entry.values()) else None


class BasisParts:
    """An encoded diff basis, read a platform at a time.

    ``data`` is the basis as :class:`~graphmodel.analysis.report_json.EncodedReport`
    wrote it, ``ranges`` and ``platform_ranges`` where its parts are. Two runs' bases
    are compared by :func:`diff_parts`, which parses a platform's entry only when its
    bytes differ between the runs: after a small change most platforms' bytes are
    the same, and at 1,000,000 nodes parsing a whole basis took 10 s and 3 GB.

    Examples
    --------
    >>> from graphmodel.analysis.report_json import EncodedReport
    >>> e = EncodedReport({"nodes": {}, "platforms": {"P": {"tiers": {"P": 0}}}})
    >>> b = BasisParts.from_encoded(e)
    >>> b.platform_ids, b.platform("P"), b.nodes
    (['P'], {'tiers': {'P': 0}}, {})
    """

    def __init__(
        self,
        data: bytes,
        ranges: Mapping[str, Sequence[int]],
        platform_ranges: Mapping[str, Sequence[int]],
    ) -> None:
        self.data = data
        self._ranges = ranges
        self._platforms = platform_ranges
        self.platform_ids = sorted(platform_ranges)
        self._nodes: dict[str, Any] | None = None

    @classmethod
    def from_encoded(cls, encoded: EncodedReport) -> BasisParts:
        """The parts of a basis encoded in memory."""
        return cls(b"".join(encoded.chunks), encoded.ranges, encoded.platform_ranges)

    @classmethod
    def from_index(cls, data: bytes, index: Mapping[str, Any]) -> BasisParts:
        """The parts of a kept basis, given the :meth:`index` kept beside it."""
        return cls(data, index["ranges"], index["platform_ranges"])

    def index(self) -> dict[str, Any]:
        """Where the parts are, as JSON-ready data (kept beside the basis)."""
        return {"ranges": dict(self._ranges), "platform_ranges": dict(self._platforms)}

    @property
    def nodes(self) -> dict[str, Any]:
        """The adversary-linked nodes with their reasons (parsed once)."""
        if self._nodes is None:
            span = self._ranges.get("nodes")
            self._nodes = orjson.loads(self.data[span[0] : span[1]]) if span else {}
        return self._nodes

    def platform_bytes(self, pid: str) -> bytes | None:
        """A platform's encoded entry (``None`` when the run has no such platform)."""
        span = self._platforms.get(pid)
        return None if span is None else self.data[span[0] : span[1]]

    def platform(self, pid: str) -> dict[str, Any]:
        """A platform's entry, parsed (empty when the run has no such platform)."""
        raw = self.platform_bytes(pid)
        return {} if raw is None else cast(dict[str, Any], orjson.loads(raw))


def diff_parts(a: BasisParts, b: BasisParts, *, threshold: float = 0.1) -> dict[str, Any]:
    """:func:`diff_reports` of two encoded bases, parsing only what differs.

    A platform whose encoded entry is the same in both runs has the same points of
    failure, sole sources, concentration and feasibility, and its network is the
    same, so only the adversary verdicts of nodes whose verdict changed can differ:
    its entry is not parsed. ``diff_parts(BasisParts(a), BasisParts(b))`` equals
    ``diff_reports(a, b)`` (``tests/unit/test_diff_parts.py``).

    Examples
    --------
    >>> from graphmodel.analysis.report_json import EncodedReport
    >>> def parts(r):
    ...     return BasisParts.from_encoded(EncodedReport(diff_basis(r)))
    >>> a = {"platforms": {"P": {"tiers": {"P": 0, "X": 1}}, "Q": {"tiers": {"Q": 0}}},
    ...      "nodes": {}}
    >>> b = {"platforms": a["platforms"],
    ...      "nodes": {"X": {"adversary_linked": True, "reasons": [{"kind": "k"}]}}}
    >>> d = diff_parts(parts(a), parts(b))
    >>> list(d["platforms"]), d["platforms"]["P"]["adversary"]["new"][0]["id"]
    (['P'], 'X')
    >>> d == diff_reports(a, b)
    True
    """
    na, nb = a.nodes, b.nodes
    changed = {n for n in set(na) | set(nb) if na.get(n) != nb.get(n)}
    platforms: dict[str, Any] = {}
    for pid in sorted(set(a.platform_ids) | set(b.platform_ids)):
        raw_a, raw_b = a.platform_bytes(pid), b.platform_bytes(pid)
        if raw_a is not None and raw_a == raw_b:
            if not changed:
                continue
            pb = b.platform(pid)
            entry = _platform_diff(pb, pb, na, nb, _network(pb) & changed, threshold, True, True)
        else:
            pa, pb = a.platform(pid), b.platform(pid)
            nodes = _network(pa) | _network(pb)
            entry = _platform_diff(
                pa, pb, na, nb, nodes, threshold, raw_a is not None, raw_b is not None
            )
        if entry is not None:
            platforms[pid] = entry
    return {"threshold": threshold, "platforms": platforms, "summary": diff_summary(platforms)}


def _changed(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_changed(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value is not None


def diff_summary(platforms: Mapping[str, Any]) -> dict[str, int]:
    """Counts of each kind of change over all platforms."""
    out = {
        "new_spof": 0,
        "resolved_spof": 0,
        "new_adversary": 0,
        "cleared_adversary": 0,
        "feasibility_flips": 0,
        "new_sole_sources": 0,
        "concentration": 0,
    }
    for p in platforms.values():
        out["new_spof"] += len(p["spof"]["new"])
        out["resolved_spof"] += len(p["spof"]["resolved"])
        out["new_adversary"] += len(p["adversary"]["new"])
        out["cleared_adversary"] += len(p["adversary"]["cleared"])
        out["feasibility_flips"] += p["feasibility"] is not None
        out["new_sole_sources"] += len(p["sole_sources"]["new"])
        out["concentration"] += len(p["concentration"])
    return out
