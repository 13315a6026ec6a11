"""Write the labelled entity-resolution set, tests/fixtures/matching/pairs.csv.

Every name is fictional, built from the word lists below; each pair's label is
known by construction (the same base entity written two ways, or two different
entities). Categories, so precision and recall can be read per kind of pair:

positives
    ``form`` (company-form variants: Ltd / Limited, AG / Aktiengesellschaft, JSC / АО),
    ``diacritics`` (Präzision / Praezision / Prazision), ``translit_ru`` (Cyrillic vs
    Latin), ``translit_zh`` (Chinese legal name vs pinyin), ``typo`` (punctuation,
    one dropped letter), ``no_country`` (one side has no country), ``identifier``
    (a renamed company with the same LEI or registry number), ``alias`` (the
    supplier uses a trading name the registry lists as an alias).
hard negatives
    ``same_name_other_country``, ``parent_subsidiary`` (the holding and its operating
    company, linked by ownership in the registry), ``parent_subsidiary_unlinked``
    (the same without the ownership record), ``sibling_activity`` (same stem, another
    activity), ``numbered`` (Holding 2 vs Holding 3), ``different_lei`` (same name,
    two LEIs), ``stem_only`` (a shared first word only).

Run: ``.venv/bin/python scripts/make_matching_set.py`` (deterministic, seed 13).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "matching" / "pairs.csv"

STEMS = [
    "Nordlicht",
    "Brightwater",
    "Kestrel",
    "Fjordwave",
    "Korvel",
    "Lumen",
    "Hexapod",
    "Aurora",
    "Sable Ridge",
    "Osprey",
    "Harrier",
    "Zephyrine",
    "Cobalt Reach",
    "Ironbark",
    "Meridian",
    "Silverline",
    "Quartzfield",
    "Ember Valley",
    "Grauwald",
    "Polaris Bay",
    "Vantor",
    "Keelhaven",
    "Thornbury",
    "Altamar",
    "Bellwether",
    "Cinderford",
    "Drakemoor",
    "Elmstead",
    "Frostpeak",
    "Glenhollow",
]
ACTIVITIES = [
    "Precision",
    "Systems",
    "Microwave",
    "Optics",
    "Avionics",
    "Foundry",
    "Materials",
    "Dynamics",
    "Composites",
    "Electronics",
    "Propulsion",
    "Metals",
    "Sensors",
    "Castings",
    "Hydraulics",
]
FORMS = {
    "GB": [("Ltd", "Limited"), ("plc", "Public Limited Company")],
    "DE": [("GmbH", "Gesellschaft mit beschränkter Haftung"), ("AG", "Aktiengesellschaft")],
    "FR": [("SA", "Société Anonyme"), ("SAS", "S.A.S.")],
    "US": [("Inc.", "Incorporated"), ("LLC", "L.L.C."), ("Corp.", "Corporation")],
    "NO": [("AS", "A/S")],
    "SE": [("AB", "Aktiebolag")],
    "JP": [("KK", "Kabushiki Kaisha")],
    "IT": [("S.p.A.", "SpA")],
}
OTHER_COUNTRY = {
    "GB": "IE",
    "DE": "AT",
    "FR": "BE",
    "US": "CA",
    "NO": "DK",
    "SE": "FI",
    "JP": "KR",
    "IT": "CH",
}
DIACRITIC_WORDS = [
    ("Präzision", "Praezision"),
    ("Flügel", "Fluegel"),
    ("Lötwerk", "Loetwerk"),
    ("Stahlgießerei", "Stahlgiesserei"),
    ("Müller", "Mueller"),
    ("Öresund", "Oresund"),
]
# Latin -> Cyrillic for the fictional Russian-style names.
RU_WORDS = [
    ("Volkov", "Волков"),
    ("Avionika", "Авионика"),
    ("Sokol", "Сокол"),
    ("Radar", "Радар"),
    ("Zvezda", "Звезда"),
    ("Metall", "Металл"),
    ("Optika", "Оптика"),
    ("Pribor", "Прибор"),
    ("Grom", "Гром"),
    ("Kristall", "Кристалл"),
    ("Sever", "Север"),
    ("Energiya", "Энергия"),
]
ZH = [
    ("天", "Tian"),
    ("路", "Lu"),
    ("光", "Guang"),
    ("电", "Dian"),
    ("华", "Hua"),
    ("星", "Xing"),
    ("海", "Hai"),
    ("明", "Ming"),
    ("金", "Jin"),
    ("龙", "Long"),
    ("东", "Dong"),
    ("方", "Fang"),
    ("新", "Xin"),
    ("航", "Hang"),
]

FIELDS = [
    "id",
    "category",
    "same",
    "related",
    "left_name",
    "left_country",
    "left_lei",
    "left_identifiers",
    "right_name",
    "right_aliases",
    "right_country",
    "right_lei",
    "right_identifiers",
]


def lei(rng: random.Random) -> str:
    base = "5299" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(14))
    n = int("".join(str(int(c, 36)) for c in base + "00"))
    return base + f"{98 - n % 97:02d}"


def main() -> None:
    rng = random.Random(13)
    rows: list[dict[str, str]] = []

    def add(
        category: str,
        same: bool,
        left: dict[str, str],
        right: dict[str, str],
        related: bool = False,
    ) -> None:
        row = {
            "id": str(len(rows) + 1),
            "category": category,
            "same": "1" if same else "0",
            "related": "1" if related else "0",
        }
        row.update({f"left_{k}": v for k, v in left.items()})
        row.update({f"right_{k}": v for k, v in right.items()})
        rows.append(row)

    def base() -> tuple[str, str, str]:
        country = rng.choice(list(FORMS))
        return (
            f"{rng.choice(STEMS)} {rng.choice(ACTIVITIES)}",
            country,
            rng.choice(FORMS[country])[0],
        )

    for _ in range(30):
        name, c, _ = base()
        short, long = rng.choice(FORMS[c])
        add(
            "form",
            True,
            {"name": f"{name} {short}", "country": c},
            {"name": f"{name} {long}", "country": c},
        )
    for umlaut, plain in DIACRITIC_WORDS * 3:
        stem = rng.choice(STEMS)
        form = rng.choice(["GmbH", "AG"])
        variant = rng.choice([plain, umlaut.replace("ä", "a").replace("ü", "u").replace("ö", "o")])
        add(
            "diacritics",
            True,
            {"name": f"{stem} {variant} {form}", "country": "DE"},
            {"name": f"{stem} {umlaut} {form}", "country": "DE"},
        )
    for _ in range(20):
        (l1, c1), (l2, c2) = rng.sample(RU_WORDS, 2)
        add(
            "translit_ru",
            True,
            {"name": f"{l1} {l2} JSC", "country": "RU"},
            {"name": f"АО {c1} {c2}", "country": "RU"},
        )
    for _ in range(16):
        picks = rng.sample(ZH, 4)
        hanzi = "".join(h for h, _ in picks) + "有限公司"
        pinyin = f"{picks[0][1]}{picks[1][1].lower()} {picks[2][1]}{picks[3][1].lower()}"
        add(
            "translit_zh",
            True,
            {"name": f"{pinyin} Co., Ltd.", "country": "CN"},
            {"name": hanzi, "aliases": f"{pinyin.upper()} YOUXIAN GONGSI", "country": "CN"},
        )
    for _ in range(20):
        name, c, form = base()
        typo = rng.choice([name.replace(" ", "-"), name + ".", name[:-1], name.replace("a", "", 1)])
        add(
            "typo",
            True,
            {"name": f"{typo} {form}", "country": c},
            {"name": f"{name} {form}", "country": c},
        )
    for _ in range(10):
        name, c, form = base()
        add(
            "no_country",
            True,
            {"name": f"{name} {form}", "country": ""},
            {"name": f"{name} {form}", "country": c},
        )
    for _ in range(12):
        name, c, form = base()
        other, _, _ = base()
        code = lei(rng)
        if rng.random() < 0.5:
            left = {"name": f"{other} {form}", "country": c, "lei": code}
            right = {"name": f"{name} {form}", "country": c, "lei": code}
        else:
            number = str(rng.randint(10_000_000, 99_999_999))
            left = {
                "name": f"{other} {form}",
                "country": c,
                "identifiers": f"registration:{number}",
            }
            right = {"name": f"{name} {form}", "country": c, "identifiers": f"reg:{number}"}
        add("identifier", True, left, right)
    for _ in range(10):
        name, c, form = base()
        trading = f"{rng.choice(STEMS)} {rng.choice(ACTIVITIES)}"
        add(
            "alias",
            True,
            {"name": trading, "country": c},
            {"name": f"{name} {form}", "aliases": trading, "country": c},
        )

    for _ in range(25):
        name, c, form = base()
        add(
            "same_name_other_country",
            False,
            {"name": f"{name} {form}", "country": c},
            {"name": f"{name} {form}", "country": OTHER_COUNTRY[c]},
        )
    for _ in range(15):
        name, c, form = base()
        add(
            "parent_subsidiary",
            False,
            {"name": f"{name} {form}", "country": c},
            {"name": f"{name} Holding {form}", "country": c},
            related=True,
        )
    for _ in range(10):
        name, c, form = base()
        add(
            "parent_subsidiary_unlinked",
            False,
            {"name": f"{name} {form}", "country": c},
            {"name": f"{name} Group Holdings {form}", "country": c},
        )
    for _ in range(20):
        stem = rng.choice(STEMS)
        a, b = rng.sample(ACTIVITIES, 2)
        c = rng.choice(list(FORMS))
        form = FORMS[c][0][0]
        add(
            "sibling_activity",
            False,
            {"name": f"{stem} {a} {form}", "country": c},
            {"name": f"{stem} {b} {form}", "country": c},
        )
    for _ in range(10):
        name, c, form = base()
        n = rng.randint(1, 8)
        add(
            "numbered",
            False,
            {"name": f"{name} {n} {form}", "country": c},
            {"name": f"{name} {n + 1} {form}", "country": c},
        )
    for _ in range(10):
        name, c, form = base()
        add(
            "different_lei",
            False,
            {"name": f"{name} {form}", "country": c, "lei": lei(rng)},
            {"name": f"{name} {form}", "country": c, "lei": lei(rng)},
        )
    for _ in range(10):
        stem = rng.choice(STEMS)
        c = rng.choice(list(FORMS))
        form = FORMS[c][0][0]
        a, b = rng.sample(ACTIVITIES, 2)
        add(
            "stem_only",
            False,
            {"name": f"{stem} {form}", "country": c},
            {"name": f"{stem} {a} {b} {form}", "country": c},
        )

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in FIELDS})
    print(f"wrote {len(rows)} pairs to {OUT.relative_to(OUT.parents[3])}")


if __name__ == "__main__":
    main()
