"""Scenario presets from public facts, shipped in ``graphmodel/data/scenarios/presets.toml``."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Final

from graphmodel.errors import ValidationFailed
from graphmodel.scenarios.model import ScenarioSpec, parse_scenario

__all__ = ["PRESETS_PATH", "load_presets"]

PRESETS_PATH: Final = Path(
    str(resources.files("graphmodel") / "data" / "scenarios" / "presets.toml")
)


def load_presets(path: str | Path | None = None) -> dict[str, ScenarioSpec]:
    """The preset scenarios by name (the shipped file unless ``path`` is given).

    Each preset cites its sources in ``sources``; its ``name`` is its key.

    Examples
    --------
    >>> presets = load_presets()
    >>> sorted(presets)  # doctest: +NORMALIZE_WHITESPACE
    ['cd-2025-cobalt-export-suspension', 'cn-2023-gallium-germanium-licensing',
     'cn-2023-graphite-permits', 'cn-2024-gallium-germanium-antimony-us-ban']
    >>> ban = presets["cn-2024-gallium-germanium-antimony-us-ban"].countries[0]
    >>> ban.code, ban.items
    ('CN', ['mat-gallium', 'mat-germanium', 'mat-antimony'])
    """
    file = PRESETS_PATH if path is None else Path(path)
    with file.open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, ScenarioSpec] = {}
    for name, table in data.items():
        try:
            out[name] = parse_scenario({**table, "name": name})
        except ValidationFailed as exc:
            raise ValidationFailed(exc.problems, what=f"preset {name!r} in {file}") from None
    return out
