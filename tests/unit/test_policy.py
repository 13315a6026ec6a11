"""Loading and validating adversary-linkage policies (TOML and YAML)."""

from __future__ import annotations

import tomllib
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from graphmodel.analysis.policy import (
    BUILT_IN_SOURCE,
    DEFAULT_POLICY_PATH,
    Policy,
    PolicyError,
    describe,
    load_policy,
)
from graphmodel.errors import SupplynetError

pytestmark = pytest.mark.unit


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_policy_file_matches_dataclass_defaults() -> None:
    p = load_policy()
    assert p.source == BUILT_IN_SOURCE and str(DEFAULT_POLICY_PATH) not in p.source
    assert p.countries_of_concern == frozenset({"CN", "RU", "IR", "KP"})
    assert p.designation_lists == frozenset(
        {"US-OFAC-SDN", "US-BIS-ENTITY", "US-DOD-1260H", "EU-FSF", "UK-SANCTIONS"}
    )
    assert (p.ofac_threshold, p.control, p.significant, p.influence) == (50, 50, 25, 10)
    assert p.include_adversary_concern is True
    assert p.ofac_ownership_kinds == frozenset({"equity"})
    assert p == Policy(name=p.name, description=p.description, source=p.source)


def test_default_policy_cites_10_usc_4872() -> None:
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    assert "10 U.S.C. 4872" in text
    assert tomllib.loads(text)["countries"]["of_concern"] == ["CN", "RU", "IR", "KP"]


def test_policy_is_frozen_and_hashable() -> None:
    p = Policy()
    with pytest.raises(FrozenInstanceError):
        p.control = 40.0  # type: ignore[misc]
    assert hash(p) == hash(Policy())


def test_partial_toml_keeps_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mine.toml",
        '[countries]\nof_concern = ["by", "CN"]\n[lookthrough]\ninfluence = 5\n',
    )
    p = load_policy(path)
    assert p.countries_of_concern == frozenset({"BY", "CN"})
    assert p.influence == 5.0 and p.significant == 25.0
    assert p.name == "mine" and p.source == str(path)


def test_yaml_policy(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        "policy:\n  name: strict\nofac:\n  seed_lists: [US-OFAC-SDN]\n"
        "designations:\n  lists: [US-OFAC-SDN, EU-FSF]\n",
    )
    p = load_policy(str(path))
    assert p.name == "strict"
    assert p.ofac_seed_lists == frozenset({"US-OFAC-SDN"})
    assert p.designation_lists == frozenset({"US-OFAC-SDN", "EU-FSF"})


def test_empty_seed_lists_mean_every_counted_list() -> None:
    assert Policy().ofac_seed_lists == Policy().designation_lists


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("a.toml", "[ofac]\nthreshhold = 50\n", "unknown key 'ofac.threshhold'"),
        ("b.toml", "[owners]\nx = 1\n", "unknown section 'owners'"),
        ("c.toml", "[lookthrough]\ncontrol = 150\n", "'lookthrough.control' must be above 0"),
        ("d.toml", '[lookthrough]\ncontrol = "high"\n', "'lookthrough.control' must be a number"),
        ("e.toml", '[countries]\nof_concern = ["CHN"]\n', "'CHN', not an ISO 3166-1 alpha-2"),
        ("f.toml", '[ofac]\nownership_kinds = ["shares"]\n', "unknown kind 'shares'"),
        ("g.toml", "[lookthrough]\ninfluence = 30\n", "influence <= significant <= control"),
        ("h.toml", "[countries]\ninclude_adversary_concern = 1\n", "must be true or false"),
        ("i.toml", "[ofac\n", "is not valid TOML"),
        ("j.yaml", "ofac: [unclosed\n", "is not valid YAML at line"),
        ("k.json", "{}", "must end in .toml, .yaml or .yml"),
        ("l.yaml", "- a\n- b\n", "must hold a table of sections"),
        ("m.toml", "ofac = 3\n", "section 'ofac' must be a table"),
        ("n.toml", "[ofac]\nownership_kinds = []\n", "'ofac.ownership_kinds' must not be empty"),
        ("o.toml", "[lookthrough]\ncycle_path_budget = 0\n", "positive whole number"),
    ],
)
def test_invalid_policy_names_file_and_key(
    tmp_path: Path, name: str, text: str, fragment: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert isinstance(err.value, SupplynetError)
    assert str(path) in err.value.message
    assert fragment in err.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="Cannot read policy file"):
        load_policy(tmp_path / "absent.toml")


def test_describe_is_json_ready() -> None:
    d = describe(Policy())
    assert d["countries_of_concern"] == ["CN", "IR", "KP", "RU"]
    assert d["ofac_lists"] == []
    assert d["control"] == 50.0
