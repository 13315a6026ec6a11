"""Built-in reference data for the synthetic network generator.

Kept inside the generator so a generated bundle is self-contained: it never
depends on the reference data files being present or loaded.

Group memberships and production shares follow public sources (NTIB per
10 U.S.C. 4801; SOSA partners per CRS IF11894, Aug 2024; RDP MOU
countries per DFARS 252.225-7002; NATO's 32 members; covered nations per
10 U.S.C. 4872; shares from USGS Mineral Commodity Summaries 2025, germanium
from USGS Open-File Report 2024-1057). EU membership is the 27 member states.
Country weights and centroids are rough modelling assumptions, not data.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = [
    "ADVERSARY_CODES",
    "COUNTRIES",
    "GOVERNMENT_CODES",
    "HOLDING_HUBS",
    "NATIONAL_STOCKPILE_HOLDERS",
    "RAW_MATERIALS",
    "SANCTIONS_LISTS",
    "Country",
    "RawMaterial",
    "groups_of",
]


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NATO: Final = _codes(
    "AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES SE "
    "TR GB US"
)
_EU: Final = _codes(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
)
_NTIB: Final = _codes("US CA GB AU NZ")
_SOSA: Final = _codes("AU CA DK EE FI IN IL IT JP LV LT NL NO KR SG ES SE GB")
_RDP_MOU: Final = _codes(
    "AU AT BE CA CZ DK EG EE FI FR DE GR IL IT JP LV LT LU NL NO PL PT SI ES SE CH TR GB"
)

#: Covered nations of 10 U.S.C. 4872; the generator treats them as adversaries.
ADVERSARY_CODES: Final = ("CN", "RU", "IR", "KP")


def groups_of(code: str) -> list[str]:
    """The security-of-supply groups a country belongs to, in a fixed order.

    Examples
    --------
    >>> groups_of("GB")
    ['NATO', 'NTIB', 'SOSA', 'RDP_MOU']
    >>> groups_of("CN")
    []
    """
    member = (
        ("NATO", _NATO),
        ("EU", _EU),
        ("NTIB", _NTIB),
        ("SOSA", _SOSA),
        ("RDP_MOU", _RDP_MOU),
    )
    return [name for name, codes in member if code in codes]


class Country(NamedTuple):
    code: str
    name: str
    #: Relative weight as home of defence manufacturers (primes, component makers).
    industry: float
    #: Relative weight as home of materials producers and processors.
    materials: float
    lat: float
    lon: float


# Ordered by priority: small bundles keep the first countries only, so the
# adversaries and the big defence-industrial nations always come first.
COUNTRIES: Final[tuple[Country, ...]] = (
    Country("CN", "China", 0.0, 0.0, 35.0, 103.0),
    Country("RU", "Russia", 0.0, 0.0, 56.0, 38.0),
    Country("IR", "Iran", 0.0, 0.0, 32.0, 53.0),
    Country("KP", "North Korea", 0.0, 0.0, 40.0, 127.0),
    Country("US", "United States", 30.0, 4.0, 39.0, -98.0),
    Country("DE", "Germany", 8.0, 1.5, 51.0, 10.0),
    Country("FR", "France", 8.0, 1.0, 46.5, 2.5),
    Country("GB", "United Kingdom", 8.0, 0.8, 53.0, -1.5),
    Country("JP", "Japan", 5.0, 1.5, 36.0, 138.0),
    Country("KR", "South Korea", 4.0, 1.0, 36.5, 127.8),
    Country("IT", "Italy", 5.0, 0.6, 42.8, 12.5),
    Country("IN", "India", 3.0, 1.5, 22.0, 79.0),
    Country("CA", "Canada", 3.0, 3.0, 56.0, -106.0),
    Country("AU", "Australia", 2.0, 5.0, -25.0, 134.0),
    Country("SE", "Sweden", 2.5, 0.8, 62.0, 15.0),
    Country("ES", "Spain", 2.5, 0.5, 40.0, -3.7),
    Country("NL", "Netherlands", 2.0, 0.3, 52.2, 5.3),
    Country("NO", "Norway", 1.5, 1.2, 61.0, 9.0),
    Country("PL", "Poland", 2.0, 0.8, 52.0, 19.0),
    Country("TR", "Turkey", 2.0, 0.8, 39.0, 35.0),
    Country("IL", "Israel", 2.5, 0.2, 31.0, 35.0),
    Country("CH", "Switzerland", 1.5, 0.3, 46.8, 8.2),
    Country("BE", "Belgium", 1.2, 0.6, 50.6, 4.5),
    Country("FI", "Finland", 1.0, 0.8, 63.0, 26.0),
    Country("DK", "Denmark", 1.0, 0.1, 56.0, 10.0),
    Country("CZ", "Czechia", 1.0, 0.3, 49.8, 15.5),
    Country("AT", "Austria", 0.8, 0.4, 47.5, 14.5),
    Country("TW", "Taiwan", 1.5, 0.2, 23.7, 121.0),
    Country("SG", "Singapore", 0.8, 0.1, 1.35, 103.8),
    Country("BR", "Brazil", 1.0, 3.0, -10.0, -52.0),
    Country("ZA", "South Africa", 0.6, 4.0, -29.0, 24.0),
    Country("CL", "Chile", 0.1, 3.0, -30.0, -71.0),
    Country("CD", "DR Congo", 0.0, 2.0, -3.0, 23.0),
    Country("ID", "Indonesia", 0.2, 2.0, -2.5, 118.0),
    Country("PT", "Portugal", 0.5, 0.3, 39.5, -8.0),
    Country("GR", "Greece", 0.5, 0.3, 39.0, 22.0),
    Country("RO", "Romania", 0.5, 0.3, 46.0, 25.0),
    Country("HU", "Hungary", 0.4, 0.2, 47.0, 19.5),
    Country("SK", "Slovakia", 0.3, 0.2, 48.7, 19.7),
    Country("SI", "Slovenia", 0.2, 0.1, 46.1, 14.8),
    Country("EE", "Estonia", 0.2, 0.1, 58.7, 25.5),
    Country("LV", "Latvia", 0.1, 0.1, 57.0, 25.0),
    Country("LT", "Lithuania", 0.2, 0.1, 55.3, 24.0),
    Country("LU", "Luxembourg", 0.2, 0.1, 49.8, 6.1),
    Country("NZ", "New Zealand", 0.2, 0.2, -41.0, 174.0),
    Country("MX", "Mexico", 0.8, 1.0, 23.0, -102.0),
    Country("AE", "United Arab Emirates", 0.6, 0.8, 24.0, 54.0),
    Country("SA", "Saudi Arabia", 0.5, 0.8, 24.0, 45.0),
    Country("KZ", "Kazakhstan", 0.1, 1.2, 48.0, 68.0),
    Country("VN", "Vietnam", 0.4, 0.6, 16.0, 107.0),
    Country("AR", "Argentina", 0.1, 1.0, -34.0, -64.0),
    Country("ZW", "Zimbabwe", 0.0, 0.8, -19.0, 29.8),
    Country("MZ", "Mozambique", 0.0, 0.6, -18.0, 35.0),
    Country("MG", "Madagascar", 0.0, 0.4, -19.0, 46.7),
    Country("GA", "Gabon", 0.0, 0.6, -0.8, 11.6),
    Country("MM", "Myanmar", 0.0, 0.3, 21.0, 96.0),
    Country("NG", "Nigeria", 0.0, 0.3, 9.0, 8.0),
    Country("TH", "Thailand", 0.3, 0.3, 15.0, 101.0),
    Country("TJ", "Tajikistan", 0.0, 0.3, 39.0, 71.0),
    Country("MY", "Malaysia", 0.4, 0.4, 4.0, 102.0),
)

#: Countries whose government holds stakes in companies in the generated network.
GOVERNMENT_CODES: Final = (
    "CN", "RU", "FR", "DE", "IT", "NO", "IN", "KR", "IR", "KP", "SE", "PL", "TR", "IL", "SA", "AE",
)  # fmt: skip

#: Jurisdictions where intermediate holding companies are often registered.
HOLDING_HUBS: Final = ("LU", "NL", "CH", "GB", "US", "SG", "AE", "BE", "DE", "FR")

#: Holders of national materials stockpiles (countries as holders).
NATIONAL_STOCKPILE_HOLDERS: Final = ("US", "JP", "KR", "FR", "DE", "IT", "GB", "IN")

#: Designation lists; the generator names lists, it never reflects real listings.
SANCTIONS_LISTS: Final = (
    "US-OFAC-SDN",
    "US-BIS-ENTITY",
    "US-DOD-1260H",
    "EU-FSL",
    "UK-SANCTIONS",
)


class RawMaterial(NamedTuple):
    #: Suffix of the reference id ``mat-<key>``; generated ids are ``g-mat-<key>``.
    key: str
    name: str
    stage: str
    year: int
    source: str
    #: World production shares by country; an empty tuple means "draw synthetic shares".
    shares: tuple[tuple[str, float], ...]


_USGS = "USGS Mineral Commodity Summaries 2025"

# NATO's 12 defence-critical raw materials first (plus antimony), then further
# common raw materials whose shares the generator invents (source "synthetic").
RAW_MATERIALS: Final[tuple[RawMaterial, ...]] = (
    RawMaterial("aluminium", "Aluminium", "smelter", 2024, _USGS,
                (("CN", 0.60), ("IN", 0.058), ("RU", 0.053), ("CA", 0.046), ("AE", 0.038))),
    RawMaterial("beryllium", "Beryllium", "mine", 2024, _USGS,
                (("US", 0.50), ("BR", 0.22), ("CN", 0.21), ("MZ", 0.07))),
    RawMaterial("cobalt", "Cobalt", "mine", 2024, _USGS,
                (("CD", 0.76), ("ID", 0.10), ("RU", 0.03))),
    RawMaterial("gallium", "Gallium", "primary", 2024, _USGS, (("CN", 0.99),)),
    RawMaterial("germanium", "Germanium", "refined", 2022, "USGS Open-File Report 2024-1057",
                (("CN", 0.86), ("CA", 0.095), ("RU", 0.029), ("BE", 0.019))),
    RawMaterial("graphite", "Graphite (natural)", "mine", 2024, _USGS,
                (("CN", 0.78), ("MG", 0.056), ("MZ", 0.047), ("BR", 0.043))),
    RawMaterial("lithium", "Lithium", "mine", 2024, _USGS,
                (("AU", 0.37), ("CL", 0.20), ("CN", 0.17), ("ZW", 0.09), ("AR", 0.075))),
    RawMaterial("manganese", "Manganese", "mine", 2024, _USGS,
                (("ZA", 0.37), ("GA", 0.23), ("AU", 0.14), ("CN", 0.039))),
    RawMaterial("platinum", "Platinum", "mine", 2024, _USGS,
                (("ZA", 0.71), ("ZW", 0.11), ("RU", 0.11), ("CA", 0.03))),
    RawMaterial("rare-earths", "Rare earth elements", "mine", 2024, _USGS,
                (("CN", 0.69), ("US", 0.115), ("MM", 0.08), ("AU", 0.033), ("NG", 0.033),
                 ("TH", 0.033))),
    RawMaterial("titanium", "Titanium (sponge)", "sponge", 2024, _USGS,
                (("CN", 0.69), ("JP", 0.17), ("RU", 0.06), ("SA", 0.05), ("KZ", 0.04))),
    RawMaterial("tungsten", "Tungsten", "mine", 2024, _USGS,
                (("CN", 0.83), ("VN", 0.04), ("RU", 0.025), ("KP", 0.02))),
    RawMaterial("antimony", "Antimony", "mine", 2024, _USGS,
                (("CN", 0.60), ("TJ", 0.17), ("RU", 0.13))),
    *(
        RawMaterial(key, key.replace("-", " ").capitalize(), "mine", 2024, "synthetic", ())
        for key in (
            "copper", "nickel", "iron-ore", "chromium", "molybdenum", "tantalum", "niobium",
            "magnesium", "zinc", "tin", "silicon", "vanadium", "zirconium", "hafnium",
            "tellurium", "indium", "bismuth", "lead",
        )
    ),
)  # fmt: skip
