"""The volume stress test: every single-node disruption (organisations, facilities and
countries) as linear programs, ranked by weighted lost volume and time to survive.

Each scenario takes out one node; its sites produce nothing (their stock still
ships) and come back after their own ``recovery_days``. Per scenario: the network
TTS (one TTS program), each demanded item's TTR, and the lost volume over each
distinct TTR (one lost-volume program per distinct horizon, usually one). The
programs are those of :class:`VolumeAnalysis`, built once per process and
re-solved with changed bounds (warm starts).

Three ways to run it, with the same results (tested):

- ``workers=1``: in this process;
- ``workers=N``: a process pool of N workers (default: the machine's cores); each
  worker builds the model once and takes chunks of nodes;
- ``cluster="tcp://host:port"``: a Dask distributed cluster (the optional
  ``supplynet[cluster]`` extra); the graph is scattered to every worker once and
  each worker keeps its model between chunks.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import networkx as nx
import numpy as np

from graphmodel.analysis.index import COUNTRY, FACILITY, NO_NODE, ORGANISATION, SupplyIndex
from graphmodel.errors import NotFoundError, SupplynetError
from graphmodel.scenarios.model import DEFAULT_QUALIFICATION_DAYS
from graphmodel.scenarios.removal import Removal
from graphmodel.scenarios.volume import Bounds, VolumeAnalysis, num
from graphmodel.scenarios.volume_items import ItemModel
from graphmodel.scenarios.volume_net import FloatArray

__all__ = ["stress_nodes", "volume_stress"]

#: Nodes per task sent to a worker.
_CHUNK = 64
#: The worker's model, built once per process (and per graph on a Dask worker).
_MODELS: dict[str, VolumeAnalysis] = {}


def stress_nodes(va: VolumeAnalysis, platform: str | None = None) -> list[int]:
    """Every organisation, facility and country of a qualified site in the network of
    ``platform`` (every demanded item's when None), in id order."""
    net, ix = va.net, va.ix
    if platform is not None:
        if platform not in ix.pos:
            raise NotFoundError(f"No platform is called {platform!r}.")
        items = va.closure(ix.pos[platform])
    else:
        items = va.demanded_closure()
    in_cl = np.zeros(len(ix.ids), dtype=bool)
    in_cl[items] = True
    sites = in_cl[net.site_item] & (net.site_kind == 0)
    found = set(net.site_org[sites].tolist()) | set(net.site_fac[sites].tolist())
    found |= set(net.site_country[sites].tolist())
    found.discard(NO_NODE)
    keep = (ORGANISATION, FACILITY, COUNTRY)
    return sorted((x for x in found if ix.kind[x] in keep), key=ix.ids.__getitem__)


def _one(
    va: VolumeAnalysis, x: int, qualification_days: float, exact: bool = False
) -> dict[str, Any]:
    """One scenario's row: on the item-level programs where they are exact (unless
    ``exact``: the site programs of a scenario report, the reference)."""
    ix, net = va.ix, va.net
    removal = Removal(frozenset((x,)))
    b = va.disruption(removal)
    items = None if exact else va.item_model()
    rec = va.item_recovery(b, removal, qualification_days)
    ttr = va.time_to_recover(rec)
    horizons = va.horizons(ttr, None)
    # A platform the node does not reach (TTR 0) still competes for shared sites in the
    # program of the longest horizon; its losses there are counted with that program's,
    # so a scenario with one recovery time reports that program's optimum, which is
    # unique (the split between the platforms of one program is not).
    horizons = np.where(horizons > 0, horizons, horizons.max(initial=0.0))
    if items is None:
        tts = va.survive(b, per_item=False).network
        lost, weighted, _ = va.lost_by_horizon(b, horizons)
    else:
        tts, lost = _item_programs(va, items, b, horizons)
        weighted = lost * net.demand_weight
    at_risk = [ix.ids[int(net.demand_item[k])] for k in np.flatnonzero(lost > 1e-9)]
    return {
        "node": ix.ids[x],
        "name": va.G.nodes[ix.ids[x]].get("name"),
        "kind": ("item", "organisation", "facility", "country", "other")[ix.kind[x]],
        "sites_disrupted": int((b.disrupted & (net.site_kind == 0)).sum()),
        "time_to_survive_days": num(tts),
        "time_to_recover_days": num(float(ttr.max(initial=0.0))),
        "lost_volume": num(float(lost.sum())),
        "weighted_lost_volume": num(float(weighted.sum())),
        "platforms_losing_volume": at_risk,
    }


def _item_programs(
    va: VolumeAnalysis, items: ItemModel, b: Bounds, horizons: FloatArray
) -> tuple[float, FloatArray]:
    """A scenario's network TTS and per-demand lost volume on the item-level programs."""
    base = _item_baseline(va, items)
    cap, stock = items.capacity(b.x_upper), items.stock(b.stock_upper)
    # Nodes with the same capacities, stocks and horizons (an organisation and its only
    # facility, a country of one organisation) are one scenario to the programs.
    key = hashlib.blake2b(cap.tobytes() + stock.tobytes() + horizons.tobytes()).digest()
    got = items.memo.get(key)
    if got is not None:
        return got[0], got[1].copy()
    held = items.baseline_holds(cap, stock)
    tts = base if held else items.survive(cap, stock, from_baseline=True)
    lost = np.zeros(len(va.net.demand_item))
    # An unbounded baseline solution that still holds meets every demand for ever.
    todo = [] if held and math.isinf(base) else sorted({float(h) for h in horizons if h > 0})
    for h in todo:
        # Demand met for TTS days is met for any shorter horizon (scale the solution
        # down), so no volume is lost over a horizon within the TTS: no program needed.
        if tts > h * (1 + 1e-7):
            continue
        mask = horizons == h
        lost[mask] = items.lost(cap, stock, h)[mask]
    items.memo[key] = (tts, lost.copy())
    return tts, lost


def _item_baseline(va: VolumeAnalysis, items: ItemModel) -> float:
    """The network's undisrupted TTS on the item-level programs (solved once)."""
    if items.base_tts is None:
        und = va.undisrupted()
        return items.set_baseline(items.capacity(und.x_upper), items.stock(und.stock_upper))
    return items.base_tts


def _chunk(
    va: VolumeAnalysis, nodes: Sequence[int], qd: float, exact: bool = False
) -> list[dict[str, Any]]:
    with va.lock:
        return [_one(va, x, qd, exact) for x in nodes]


def _pool_init(G: nx.MultiDiGraph, gaps: bool) -> None:
    _MODELS["pool"] = VolumeAnalysis(G, data_gaps_unavailable=gaps)


def _pool_chunk(nodes: list[int], qd: float, exact: bool) -> list[dict[str, Any]]:
    return _chunk(_MODELS["pool"], nodes, qd, exact)


def _dask_chunk(
    G: nx.MultiDiGraph, key: str, gaps: bool, nodes: list[int], qd: float, exact: bool
) -> list[dict[str, Any]]:
    va = _MODELS.get(key)
    if va is None:
        for old in [k for k in _MODELS if k.startswith("stress-")]:
            del _MODELS[old]  # a long-lived worker keeps only the latest stress test's model
        va = _MODELS[key] = VolumeAnalysis(G, data_gaps_unavailable=gaps)
    return _chunk(va, nodes, qd, exact)


def _chunks(nodes: list[int], n: int) -> Iterator[list[int]]:
    for k in range(0, len(nodes), n):
        yield nodes[k : k + n]


def volume_stress(
    G: nx.MultiDiGraph,
    platform: str | None = None,
    *,
    top: int = 50,
    workers: int | None = 1,
    cluster: str | None = None,
    index: SupplyIndex | None = None,
    analysis: VolumeAnalysis | None = None,
    qualification_days: float = DEFAULT_QUALIFICATION_DAYS,
    data_gaps_unavailable: bool = False,
    chunk: int = _CHUNK,
    limit: int | None = None,
    exact: bool = False,
) -> dict[str, Any]:
    """Every single-node volume scenario of the network, ranked (see the module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph.
    platform : str, optional
        Only the nodes in this platform's network (every platform's when None); the
        programs still count every demand.
    top : int
        Length of the ranking returned.
    workers : int or None
        1: run here; N: a process pool of N; None: one per core.
    cluster : str, optional
        The scheduler address of a Dask distributed cluster to run on instead.
    index, analysis : optional
        A prebuilt index, or volume model, of ``G``.
    qualification_days : float
        Days to qualify a candidate that states no ``recovery_days``.
    data_gaps_unavailable : bool
        Count items without any source as unavailable.
    chunk : int
        Most nodes per task; a network with fewer nodes runs in-process.
    limit : int, optional
        Run only the first ``limit`` nodes (in id order): a sample, for measuring the
        cost per scenario on networks too large to test whole.
    exact : bool
        Solve every scenario on the site programs (those of a scenario report) even
        where the item-level programs are exact: the reference the tests compare with.

    Returns
    -------
    dict
        ``computed`` (False with ``reason`` when the volume data is missing),
        ``scenarios``, ``with_impact`` (scenarios losing volume or TTS),
        ``baseline_time_to_survive_days``, ``ranking`` (most weighted lost volume
        first, then shortest TTS), ``engine`` and ``seconds``.
    """
    t0 = time.perf_counter()
    va = analysis or VolumeAnalysis(G, index, data_gaps_unavailable=data_gaps_unavailable)
    reason, unlimited = va.data_status()
    if reason is not None:
        return {"computed": False, "reason": reason}
    nodes = stress_nodes(va, platform)
    if limit is not None:
        nodes = nodes[:limit]
    if cluster:
        rows, engine = _on_cluster(
            G, cluster, nodes, qualification_days, data_gaps_unavailable, chunk, exact
        )
    else:
        n = workers or os.cpu_count() or 1
        if n <= 1 or len(nodes) <= chunk:
            rows, engine = _chunk(va, nodes, qualification_days, exact), "in-process"
        else:
            # Small tasks (16 a worker) so that no worker idles long at the end.
            size = max(1, min(chunk, math.ceil(len(nodes) / (16 * n))))
            with ProcessPoolExecutor(
                max_workers=n, initargs=(G, data_gaps_unavailable), initializer=_pool_init
            ) as pool:
                parts = pool.map(
                    _pool_chunk,
                    _chunks(nodes, size),
                    [qualification_days] * len(nodes),
                    [exact] * len(nodes),
                )
                rows = [r for part in parts for r in part]
            engine = f"process pool of {n}"
    items = None if exact else va.item_model()
    base = va.baseline().network if items is None else _item_baseline(va, items)
    impact = [
        r
        for r in rows
        if (r["weighted_lost_volume"] or 0) > 0 or (r["time_to_survive_days"] != num(base))
    ]
    rows.sort(
        key=lambda r: (
            -(r["weighted_lost_volume"] if r["weighted_lost_volume"] is not None else math.inf),
            r["time_to_survive_days"] if r["time_to_survive_days"] is not None else math.inf,
            r["node"],
        )
    )
    for k, r in enumerate(rows, 1):
        r["rank"] = k
    return {
        "computed": True,
        "platform": platform,
        "scenarios": len(rows),
        "with_impact": len(impact),
        "baseline_time_to_survive_days": num(base),
        "unlimited_capacity_items": unlimited,
        "ranking": rows[:top],
        "engine": engine,
        "seconds": round(time.perf_counter() - t0, 3),
    }


def _on_cluster(
    G: nx.MultiDiGraph,
    address: str,
    nodes: list[int],
    qd: float,
    gaps: bool,
    chunk: int,
    exact: bool,
) -> tuple[list[dict[str, Any]], str]:
    try:
        from distributed import Client
    except ImportError:
        raise SupplynetError(
            "Running on a cluster needs the optional extra: pip install 'supplynet[cluster]'"
        ) from None
    try:
        # distributed ships no type hints; the client is used through Any.
        client: Any = Client(address, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise SupplynetError(f"Cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        key = f"stress-{uuid.uuid4().hex}"
        graph = client.scatter(G, broadcast=True)
        n = len(client.scheduler_info().get("workers", {}))
        size = max(1, min(chunk, math.ceil(len(nodes) / (16 * max(1, n)))))
        futures = [
            client.submit(_dask_chunk, graph, key, gaps, part, qd, exact, pure=False)
            for part in _chunks(nodes, size)
        ]
        parts = client.gather(futures)
    finally:
        client.close()
    return [r for part in parts for r in part], f"dask cluster at {address} ({n} workers)"
