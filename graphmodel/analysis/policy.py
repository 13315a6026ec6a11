"""The adversary-linkage policy: which countries, lists and ownership thresholds count.

A policy is plain data read from a TOML or YAML file (see ``docs/adversary.md``);
every key is optional and falls back to the shipped default,
``graphmodel/data/policy.toml``, whose values the :class:`Policy` defaults mirror.

Examples
--------
>>> p = load_policy()
>>> sorted(p.countries_of_concern)
['CN', 'IR', 'KP', 'RU']
>>> (p.ofac_threshold, p.control, p.significant, p.influence)
(50.0, 50.0, 25.0, 10.0)
>>> p == Policy(name=p.name, description=p.description, source=p.source)
True
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

import yaml

from graphmodel.errors import SupplynetError

__all__ = [
    "BUILT_IN_SOURCE",
    "DEFAULT_POLICY_PATH",
    "OWNERSHIP_KINDS",
    "Policy",
    "PolicyError",
    "describe",
    "load_policy",
]

OWNERSHIP_KINDS: Final = frozenset({"equity", "voting", "control"})

DEFAULT_POLICY_PATH: Final = Path(str(resources.files("graphmodel") / "data" / "policy.toml"))
#: ``Policy.source`` of the built-in policy.
BUILT_IN_SOURCE: Final = "graphmodel/data/policy.toml (built-in)"

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


class PolicyError(SupplynetError):
    """A policy file could not be read or holds an invalid value."""

    status = 422
    slug = "bad-policy"
    title = "Policy refused"


@dataclass(frozen=True)
class Policy:
    """What makes an organisation or facility adversary-linked.

    Attributes
    ----------
    countries_of_concern : frozenset[str]
        ISO 3166-1 alpha-2 codes; default the covered nations of 10 U.S.C. 4872.
    designation_lists : frozenset[str]
        Designation lists that count (``designations[*].list`` values).
    ofac_threshold : float
        Aggregate percentage held by blocked persons at which an entity is blocked.
    control, significant, influence : float
        Look-through thresholds (percent), highest first.
    include_adversary_concern : bool
        Also treat countries whose ``concern`` property is ``"adversary"`` as of concern.
    ofac_ownership_kinds : frozenset[str]
        Ownership edge kinds that count as ownership under the OFAC rule (default equity).
    ofac_lists : frozenset[str]
        Lists whose entries seed the OFAC rule; empty means every counted list.
    lookthrough_kinds : frozenset[str]
        Ownership edge kinds multiplied along look-through chains.
    control_edge_from_any_linked : bool
        If false (default) only *controlling* adversary owners (roots, OFAC-blocked,
        control-level look-through, control-edge linked) make a ``control`` edge count.
    cycle_path_budget : int
        Most simple-path steps spent enumerating one ownership cycle before falling back
        to the walk-sum (linear system) upper bound.
    name, description, source : str
        Where the policy came from, for reports.
    """

    name: str = "default"
    description: str = ""
    source: str = "<built-in>"
    countries_of_concern: frozenset[str] = frozenset({"CN", "RU", "IR", "KP"})
    include_adversary_concern: bool = True
    designation_lists: frozenset[str] = frozenset(
        {"US-OFAC-SDN", "US-BIS-ENTITY", "US-DOD-1260H", "EU-FSF", "UK-SANCTIONS"}
    )
    ofac_threshold: float = 50.0
    ofac_ownership_kinds: frozenset[str] = frozenset({"equity"})
    ofac_lists: frozenset[str] = frozenset()
    control: float = 50.0
    significant: float = 25.0
    influence: float = 10.0
    lookthrough_kinds: frozenset[str] = frozenset({"equity", "voting"})
    control_edge_from_any_linked: bool = False
    cycle_path_budget: int = 200_000

    @property
    def ofac_seed_lists(self) -> frozenset[str]:
        """The lists whose entries are blocked persons for the OFAC rule."""
        return self.ofac_lists or self.designation_lists

    def level(self, percentage: float) -> str | None:
        """The look-through level of an effective percentage, or None below influence.

        Examples
        --------
        >>> [Policy().level(p) for p in (60, 25, 24.0, 9.99)]
        ['control', 'significant', 'influence', None]
        """
        for name, threshold in (
            ("control", self.control),
            ("significant", self.significant),
            ("influence", self.influence),
        ):
            if percentage >= threshold - 1e-9:
                return name
        return None


# The file layout: section -> key -> (Policy field, converter).
Converter = Callable[[str, Any], Any]


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a string")
    return value


def _flag(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"'{key}' must be true or false")
    return value


def _percent(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"'{key}' must be a number")
    if not 0 < float(value) <= 100:
        raise ValueError(f"'{key}' must be above 0 and at most 100, not {value}")
    return float(value)


def _count(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"'{key}' must be a positive whole number")
    return value


def _strings(key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{key}' must be a list of strings")
    return value


def _countries(key: str, value: Any) -> frozenset[str]:
    codes = [v.strip().upper() for v in _strings(key, value)]
    bad = [c for c in codes if not _COUNTRY_CODE.match(c)]
    if bad:
        raise ValueError(f"'{key}' holds {bad[0]!r}, not an ISO 3166-1 alpha-2 code")
    return frozenset(codes)


def _lists(key: str, value: Any) -> frozenset[str]:
    names = [v.strip() for v in _strings(key, value)]
    if any(not n for n in names):
        raise ValueError(f"'{key}' holds an empty list name")
    return frozenset(names)


def _kinds(key: str, value: Any) -> frozenset[str]:
    kinds = frozenset(_strings(key, value))
    unknown = sorted(kinds - OWNERSHIP_KINDS)
    if unknown:
        allowed = ", ".join(sorted(OWNERSHIP_KINDS))
        raise ValueError(f"'{key}' holds unknown kind {unknown[0]!r} (allowed: {allowed})")
    return kinds


_LAYOUT: Final[dict[str, dict[str, tuple[str, Converter]]]] = {
    "policy": {"name": ("name", _text), "description": ("description", _text)},
    "countries": {
        "of_concern": ("countries_of_concern", _countries),
        "include_adversary_concern": ("include_adversary_concern", _flag),
    },
    "designations": {"lists": ("designation_lists", _lists)},
    "ofac": {
        "threshold": ("ofac_threshold", _percent),
        "ownership_kinds": ("ofac_ownership_kinds", _kinds),
        "seed_lists": ("ofac_lists", _lists),
    },
    "lookthrough": {
        "control": ("control", _percent),
        "significant": ("significant", _percent),
        "influence": ("influence", _percent),
        "ownership_kinds": ("lookthrough_kinds", _kinds),
        "control_edge_from_any_linked": ("control_edge_from_any_linked", _flag),
        "cycle_path_budget": ("cycle_path_budget", _count),
    },
}


def _parse(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PolicyError(f"Cannot read policy file {path}: {e.strerror or e}.") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix in (".yaml", ".yml"):
            return yaml.safe_load(text) or {}
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"Policy file {path} is not valid TOML: {e}.") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PolicyError(f"Policy file {path} is not valid YAML{where}.") from None
    raise PolicyError(
        f"Policy file {path} must end in .toml, .yaml or .yml, not {suffix or 'nothing'!r}."
    )


def _fields(path: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise PolicyError(f"Policy file {path} must hold a table of sections.")
    values: dict[str, Any] = {}
    for section, body in data.items():
        if section not in _LAYOUT:
            known = ", ".join(_LAYOUT)
            raise PolicyError(f"Policy file {path}: unknown section '{section}' (known: {known}).")
        if not isinstance(body, Mapping):
            raise PolicyError(f"Policy file {path}: section '{section}' must be a table.")
        for key, value in body.items():
            dotted = f"{section}.{key}"
            if key not in _LAYOUT[section]:
                known = ", ".join(_LAYOUT[section])
                raise PolicyError(f"Policy file {path}: unknown key '{dotted}' (known: {known}).")
            name, convert = _LAYOUT[section][key]
            try:
                values[name] = convert(dotted, value)
            except ValueError as e:
                raise PolicyError(f"Policy file {path}: {e}.") from None
    return values


def _check(path: Path, policy: Policy) -> None:
    if not policy.influence <= policy.significant <= policy.control:
        raise PolicyError(
            f"Policy file {path}: 'lookthrough' thresholds must satisfy "
            f"influence <= significant <= control, not {policy.influence} / "
            f"{policy.significant} / {policy.control}."
        )
    if not policy.ofac_ownership_kinds:
        raise PolicyError(f"Policy file {path}: 'ofac.ownership_kinds' must not be empty.")
    if not policy.lookthrough_kinds:
        raise PolicyError(f"Policy file {path}: 'lookthrough.ownership_kinds' must not be empty.")


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy from a TOML or YAML file; ``None`` reads the shipped default.

    Keys missing from the file keep the default values of :class:`Policy`.

    Parameters
    ----------
    path : str or Path or None
        A ``.toml``, ``.yaml`` or ``.yml`` file, or None for
        ``graphmodel/data/policy.toml``.

    Returns
    -------
    Policy
        The policy, with ``source`` set to the file it came from (the built-in one
        as ``graphmodel/data/policy.toml (built-in)``: run records and reports
        show it, and they should not carry the install directory).

    Raises
    ------
    PolicyError
        The file is missing, unparsable, or holds an unknown key or invalid value;
        the message names the file and the key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "p.toml").write_text('[countries]\\nof_concern = ["by"]\\n')
    >>> sorted(load_policy(d / "p.toml").countries_of_concern)
    ['BY']
    >>> _ = (d / "bad.toml").write_text('[ofac]\\nthreshhold = 50\\n')
    >>> load_policy(d / "bad.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphmodel.analysis.policy.PolicyError: Policy file ...: unknown key 'ofac.threshhold' ...
    """
    file = DEFAULT_POLICY_PATH if path is None else Path(path)
    values = _fields(file, _parse(file))
    values.setdefault("name", file.stem)
    source = BUILT_IN_SOURCE if path is None else str(file)
    policy = Policy(source=source, **values)
    _check(file, policy)
    return policy


def describe(policy: Policy) -> dict[str, Any]:
    """The policy as plain JSON-ready data (sorted lists), for reports.

    Examples
    --------
    >>> describe(Policy())["countries_of_concern"]
    ['CN', 'IR', 'KP', 'RU']
    """
    out: dict[str, Any] = {}
    for name in Policy.__dataclass_fields__:
        value = getattr(policy, name)
        out[name] = sorted(value) if isinstance(value, frozenset) else value
    return out
