"""Scoring one pair of organisation records: identifiers first, then names, country as evidence.

Names are compared in the forms :func:`name_forms` gives: ``rigour``'s name
normalisation (case folding, punctuation), transliteration to ASCII
(``rigour.text.ascii_text``: Cyrillic, Chinese, accents) and company forms
removed (``rigour.names.remove_org_types``: GmbH, Ltd, JSC, Co., Ltd. ...);
each form also without spaces, so ``Tian Lu`` meets ``Tianlu``. The name
similarity is the best ``rapidfuzz`` ratio over every pair of forms of every
name and alias of the two records.

The score (0..1) is then:

- **1.0** when a strong identifier is shared (LEI, CAGE, or a registry number
  such as ``ogrnCode`` / ``registrationNumber`` / ``duns``), whatever the name;
- capped at **0.3** when both records carry an LEI and they differ (two legal
  entities by definition), or when one owns the other (a parent and its
  subsidiary are not the same entity);
- else the name similarity, times 0.7 when the names carry different numbers
  (``Holding 2`` is not ``Holding 3``), times 0.6 when the countries differ (the
  same name in another country is another company, as often as not), times 0.97
  when a country is unknown.

Chinese company forms (有限公司, 股份有限公司, and their pinyin) are stripped too,
which ``rigour``'s list does not do.

Examples
--------
>>> a = {"id": "s1", "name": "Nordlicht Praezision GmbH", "country": "DE"}
>>> b = {"id": "g1", "name": "Nordlicht Präzision GmbH", "country": "DE"}
>>> round(score_pair(a, b).score, 2) >= 0.9
True
>>> score_pair(a, {**b, "country": "AT"}).score < 0.7
True
>>> score_pair({**a, "lei": "5299000NORDLICHT0030"}, {"id": "x", "name": "Other",
...            "lei": "5299000NORDLICHT0030"}).features["identifier"]
'lei:5299000NORDLICHT0030'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from rapidfuzz import fuzz
from rigour.names import normalize_name, remove_org_types
from rigour.text import ascii_text

__all__ = ["DEFAULT_THRESHOLD", "PairScore", "identifiers", "name_forms", "score_pair"]

#: Pairs at or above this score are proposed as the same entity (measured in
#: docs/benchmarks.md on the labelled set in tests/fixtures/matching/).
DEFAULT_THRESHOLD: Final = 0.88

#: Identifier schemes strong enough to decide a match on their own.
_STRONG: Final = frozenset(
    {
        "reg",
        "registrationnumber",
        "ogrncode",
        "inncode",
        "usccode",
        "duns",
        "dunscode",
        "registration",
        "vat",
        "vatcode",
        "taxnumber",
        "cikcode",
        "permid",
        "bvdid",
    }
)

_DIFFERENT_COUNTRY: Final = 0.6
_DIFFERENT_NUMBERS: Final = 0.7
_UNKNOWN_COUNTRY: Final = 0.97
_CAP: Final = 0.3


@dataclass
class PairScore:
    """A pair's score and the features that produced it."""

    score: float
    features: dict[str, Any] = field(default_factory=dict)


# Chinese company forms, which rigour's list does not strip, in characters and in pinyin.
_ZH_FORMS: Final = re.compile("(股份有限公司|有限责任公司|有限公司)$")
_PINYIN_FORMS: Final = re.compile(r"\b(gu ?fen ?)?you ?xian ?(ze ?ren ?)?gong ?si\b")
_DIGITS: Final = re.compile(r"\d+")


@lru_cache(maxsize=200_000)
def _forms(name: str) -> tuple[str, ...]:
    norm = _ZH_FORMS.sub("", normalize_name(name) or "")
    out: list[str] = []
    for text in (norm, _PINYIN_FORMS.sub("", ascii_text(norm))):
        stripped = " ".join(remove_org_types(text).split())
        for form in (stripped, stripped.replace(" ", "")):
            if form and form not in out:
                out.append(form)
    return tuple(out)


def name_forms(names: Iterable[str]) -> list[str]:
    """Every comparison form of every name.

    Examples
    --------
    >>> name_forms(["АО Волков Авионика"])
    ['волков авионика', 'волковавионика', 'volkov avionika', 'volkovavionika']
    >>> name_forms(["Tianlu Optoelectronics Co., Ltd."])[:1]
    ['tianlu optoelectronics']
    """
    out: list[str] = []
    for n in names:
        for f in _forms(str(n)):
            if f not in out:
                out.append(f)
    return out


def _names(rec: Mapping[str, Any]) -> list[str]:
    aliases = rec.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split(";") if a]
    return [str(rec.get("name") or ""), *map(str, aliases)]


def identifiers(rec: Mapping[str, Any]) -> set[str]:
    """The record's strong identifiers as ``scheme:value`` (scheme lowercase).

    Examples
    --------
    >>> sorted(identifiers({"lei": "X", "identifiers": ["ogrnCode:1", "wikidataId:Q1"]}))
    ['lei:X', 'ogrncode:1']
    """
    out: set[str] = set()
    if rec.get("lei"):
        out.add(f"lei:{rec['lei']}")
    if rec.get("cage"):
        out.add(f"cage:{str(rec['cage']).upper()}")
    ids = rec.get("identifiers") or []
    if isinstance(ids, str):
        ids = [i for i in ids.split(";") if i]
    for ident in ids:
        scheme, _, value = str(ident).partition(":")
        value = value.strip().replace(" ", "").upper()
        if value and scheme.lower() in _STRONG:
            out.add(f"{scheme.lower()}:{value}")
    return out


def _registry_numbers(ids: set[str]) -> set[str]:
    # Registry numbers are compared by value: GLEIF says reg:, FtM registrationNumber:.
    return {i.split(":", 1)[1] for i in ids if not i.startswith(("lei:", "cage:"))}


@lru_cache(maxsize=500_000)
def _similarity(a: str, b: str) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100.0


def score_pair(a: Mapping[str, Any], b: Mapping[str, Any], *, related: bool = False) -> PairScore:
    """Score two organisation records (bundle rows); ``related``: one owns the other."""
    ids_a, ids_b = identifiers(a), identifiers(b)
    features: dict[str, Any] = {}
    shared = sorted(ids_a & ids_b) or sorted(
        f"reg:{v}" for v in _registry_numbers(ids_a) & _registry_numbers(ids_b)
    )
    forms_a, forms_b = name_forms(_names(a)), name_forms(_names(b))
    best, pair = 0.0, ("", "")
    for fa in forms_a:
        for fb in forms_b:
            s = _similarity(fa, fb)
            if s > best:
                best, pair = s, (fa, fb)
    features["name"] = round(best, 4)
    features["names_compared"] = list(pair)
    ca, cb = a.get("country"), b.get("country")
    features["country"] = "unknown" if not ca or not cb else ("same" if ca == cb else "different")
    lei_a, lei_b = a.get("lei"), b.get("lei")
    if shared:
        features["identifier"] = shared[0]
        return PairScore(1.0, features)
    score = best
    if set(_DIGITS.findall(pair[0])) != set(_DIGITS.findall(pair[1])):
        # "Holding 2" is not "Holding 3": numbers in names tell entities apart.
        features["numbers"] = "different"
        score *= _DIFFERENT_NUMBERS
    if features["country"] == "different":
        score *= _DIFFERENT_COUNTRY
    elif features["country"] == "unknown":
        score *= _UNKNOWN_COUNTRY
    if lei_a and lei_b and lei_a != lei_b:
        features["conflict"] = "different LEIs"
        score = min(score, _CAP)
    if related:
        features["conflict"] = "one owns the other"
        score = min(score, _CAP)
    return PairScore(round(score, 4), features)
