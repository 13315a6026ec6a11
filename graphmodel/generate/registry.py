"""Fictional registry records and a supplier list that partly matches them (for matching at scale).

:func:`registry_and_suppliers` returns GLEIF-shaped organisation rows (dataset
``gleif-lei``, a valid fictional LEI with prefix ``9998``, a legal name built
from invented syllables and a company form, a country) and a loose supplier
list (dataset ``suppliers``): some rows name a registry record the way people
write it (another company form, other case, a letter changed, the LEI given or
not), the rest name no registry record. The true pairs come with it. Names are
invented, so no real company is named, let alone flagged.

Examples
--------
>>> right, left, truth = registry_and_suppliers(50, 20, seed=1)
>>> len(right), len(left), all(r["dataset"] == "gleif-lei" for r in right)
(50, 20, True)
>>> all(p[1].startswith("reg-") for p in truth)
True
"""

from __future__ import annotations

import random
from typing import Any, Final

__all__ = ["registry_and_suppliers"]

_ONSETS: Final = tuple(
    [
        "b",
        "br",
        "c",
        "ch",
        "d",
        "dr",
        "f",
        "g",
        "gr",
        "h",
        "k",
        "kl",
        "l",
        "m",
        "n",
        "p",
        "pr",
        "r",
        "s",
        "st",
        "t",
        "tr",
        "v",
        "w",
        "z",
    ]
)
_VOWELS: Final = tuple(["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"])
_CODAS: Final = tuple(["n", "r", "s", "l", "x", "t", "m", "nd", "rk", "st"])
_WORDS: Final = tuple(
    [
        "Systems",
        "Precision",
        "Metals",
        "Optics",
        "Dynamics",
        "Materials",
        "Components",
        "Industries",
        "Engineering",
        "Electronics",
        "Aerospace",
        "Technologies",
        "Foundry",
        "Castings",
        "Forge",
        "Works",
        "Instruments",
        "Photonics",
        "Composites",
        "Chemicals",
        "Alloys",
        "Machining",
        "Devices",
        "Controls",
        "Power",
        "Energy",
        "Marine",
        "Mining",
    ]
)
_FORMS: Final = {
    "GB": ("Ltd", "Limited", "PLC"),
    "DE": ("GmbH", "AG", "GmbH & Co. KG"),
    "FR": ("SA", "SAS", "S.A.R.L."),
    "US": ("Inc.", "LLC", "Corporation"),
    "SE": ("AB",),
    "FI": ("Oy",),
    "IT": ("S.p.A.", "S.r.l."),
    "NL": ("B.V.", "N.V."),
    "PL": ("Sp. z o.o.", "S.A."),
    "JP": ("K.K.", "Co., Ltd."),
    "KR": ("Co., Ltd.",),
    "CA": ("Inc.", "Ltd."),
}
_COUNTRIES: Final = tuple(_FORMS)


def _lei(n: int) -> str:
    base = f"9998{n:014d}"
    digits = "".join(str(int(c, 36)) for c in base + "00")
    return f"{base}{98 - int(digits) % 97:02d}"


def _stem(rng: random.Random) -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 2))]
    return ("".join(parts) + rng.choice(_CODAS)).capitalize()


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    i = rng.choice(letters)
    return text[:i] + rng.choice("aeioulnrst") + text[i + 1 :]


def registry_and_suppliers(
    n_registry: int,
    n_suppliers: int,
    *,
    seed: int = 0,
    matched_share: float = 0.7,
    lei_share: float = 0.2,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[tuple[str, str]]]:
    """``(registry rows, supplier rows, true (supplier id, registry id) pairs)``.

    ``matched_share`` of the suppliers name a registry record (``lei_share`` of
    those with its LEI); the others are names no registry record has.
    """
    rng = random.Random(seed)
    right: list[dict[str, Any]] = []
    for n in range(n_registry):
        country = rng.choice(_COUNTRIES)
        name = f"{_stem(rng)} {rng.choice(_WORDS)} {rng.choice(_FORMS[country])}"
        right.append(
            {
                "id": f"reg-{n}",
                "name": name,
                "country": country,
                "lei": _lei(n),
                "dataset": "gleif-lei",
            }
        )
    left: list[dict[str, Any]] = []
    truth: set[tuple[str, str]] = set()
    for k in range(n_suppliers):
        row: dict[str, Any] = {"id": f"sup-{k}", "dataset": "suppliers"}
        if right and rng.random() < matched_share:
            target = rng.choice(right)
            stem, word = target["name"].split()[:2]
            country = target["country"]
            form = rng.choice(_FORMS[country])
            variant = rng.randrange(4)
            if variant == 1:
                stem = stem.upper()
            elif variant == 2:
                word = _typo(rng, word)
            elif variant == 3:
                form = ""
            row.update(name=f"{stem} {word} {form}".strip(), country=country)
            if rng.random() < lei_share:
                row["lei"] = target["lei"]
            truth.add((row["id"], target["id"]))
        else:
            # Unmatched: a stem with a syllable more than any registry stem has.
            stem = _stem(rng) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            country = rng.choice(_COUNTRIES)
            row.update(name=f"{stem} {rng.choice(_WORDS)} Holding", country=country)
        left.append(row)
    return right, left, truth
