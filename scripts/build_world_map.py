"""Build graphmodel/data/map/world-110m.json: one SVG path per country, from Natural Earth.

Usage::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_map.py package/countries-110m.json \\
        /usr/share/iso-codes/json/iso_3166-1.json

The input is world-atlas's TopoJSON of Natural Earth's 1:110m Admin 0 countries
(Natural Earth data is in the public domain; world-atlas is ISC-licensed). Country
ids there are ISO 3166-1 numeric codes; Debian's iso-codes maps them to the alpha-2
codes supplynet uses. The projection is equirectangular (x = longitude + 180,
y = 90 - latitude, in degrees), so a facility's lat/lon lands on the map with the
same arithmetic in the page; rings crossing the antimeridian are unwrapped (their far
ends fall just outside the map and are clipped). Coordinates are rounded to 0.1 degree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], refs: list[int]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for r in refs:
        arc = arcs[r] if r >= 0 else arcs[~r][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def unwrap(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous along a ring (Russia and Fiji cross the antimeridian:
    drawn as they are, their rings would run across the whole map)."""
    out: list[tuple[float, float]] = []
    for lon, lat in pts:
        if out:
            prev = out[-1][0]
            while lon - prev > 180:
                lon -= 360
            while prev - lon > 180:
                lon += 360
        out.append((lon, lat))
    return out


def path(rings: list[list[tuple[float, float]]]) -> str:
    out = []
    for pts in rings:
        coords = [(round(lon + 180, 1), round(90 - lat, 1)) for lon, lat in unwrap(pts)]
        dedup = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
        if len(dedup) < 3:
            continue
        out.append("M" + "L".join(f"{x:g},{y:g}" for x, y in dedup) + "Z")
    return "".join(out)


def main(topo_path: str, iso_path: str) -> None:
    topo = json.loads(Path(topo_path).read_text(encoding="utf-8"))
    iso = json.loads(Path(iso_path).read_text(encoding="utf-8"))["3166-1"]
    alpha2 = {c["numeric"]: c["alpha_2"] for c in iso}
    arcs = decode_arcs(topo)
    shapes: dict[str, str] = {}
    names: dict[str, str] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        code = alpha2.get(str(g.get("id", "")))
        key = code or "~" + g["properties"]["name"]  # disputed areas have no ISO code
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        rings = [ring(arcs, r) for poly in polys for r in poly]
        shapes[key] = shapes.get(key, "") + path(rings)
        names[key] = g["properties"]["name"]
    doc = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via the world-atlas "
        "2.0.2 npm package (ISC); projected equirectangular, x = lon + 180, y = 90 - lat",
        "viewBox": "0 0 360 180",
        "countries": {k: {"name": names[k], "d": shapes[k]} for k in sorted(shapes)},
    }
    out = Path(__file__).resolve().parent.parent / "graphmodel" / "data" / "map" / "world-110m.json"
    out.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out.name}: {len(shapes)} shapes, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
