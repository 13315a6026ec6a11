"""OpenSanctions and other FollowTheMoney entity files (JSON lines), read with ``followthemoney``.

One entity per line (``{"id", "schema", "properties", "datasets", ...}``), parsed
and cleaned by :func:`followthemoney.model.get_proxy`:

- ``Company``, ``Organization``, ``LegalEntity``, ``PublicBody``, ``Person`` become
  organisations (id ``ftm:<entity id>``; kind ``company``, ``other``,
  ``government`` or ``person``) with every name as ``aliases``, ``leiCode`` as
  ``lei``, ``cageCode`` as ``cage``, every other identifier property as
  ``identifiers`` (``ogrnCode:...``, ``uscCode:...``, ``registrationNumber:...``),
  the country from ``jurisdiction`` / ``mainCountry`` / ``country`` and the
  address (``Address`` entities referenced through ``addressEntity`` included).
- ``Ownership`` becomes an ``OWNS`` edge (``equity``) with its percentage and
  ``startDate`` / ``endDate`` as the validity period. A missing percentage is kept
  as 0 (the fact of ownership, counted by no percentage rule).
- ``Directorship`` is kept as a fact on the organisation (``directors``); it is
  not ownership, so no rule counts it.
- ``Sanction`` becomes a designation on the list its dataset names
  (:data:`LISTS`; any other dataset gives ``OS-<DATASET>``, which no shipped
  policy counts), with ``listingDate`` / ``startDate`` as ``listed_on``,
  ``endDate`` as ``delisted_on``, authority, programme and reason.

Nothing is inferred beyond the file: an entity is designated only through a
``Sanction`` of its own (OpenSanctions' ``topics`` are not read as
designations), and the OFAC 50 Percent Rule stays supplynet's computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from graphmodel.bundle.checks import check_cage, check_lei
from graphmodel.importers.common import (
    ImportResult,
    Source,
    TableBuilder,
    clean_date,
    country_or_none,
    json_lines,
    known_countries,
    unique,
)

__all__ = ["LISTS", "ftm_id", "import_ftm"]

#: OpenSanctions dataset -> the supplynet list name the shipped policy counts.
LISTS: Final = {
    "us_ofac_sdn": "US-OFAC-SDN",
    "eu_fsf": "EU-FSF",
    "gb_hmt_sanctions": "UK-SANCTIONS",
    "gb_fcdo_sanctions": "UK-SANCTIONS",
    "us_dod_chinese_milcorps": "US-DOD-1260H",
}

_KINDS: Final = {
    "Company": "company",
    "Organization": "other",
    "LegalEntity": "other",
    "PublicBody": "government",
    "Person": "person",
}
_COUNTRY_PROPS: Final = ("jurisdiction", "mainCountry", "country", "nationality")
_SKIP_IDENTIFIERS: Final = frozenset({"leiCode", "cageCode"})


def ftm_id(entity_id: str) -> str:
    """The organisation id of an FtM entity.

    Examples
    --------
    >>> ftm_id("NK-abc")
    'ftm:NK-abc'
    """
    return f"ftm:{entity_id}"


def ftm_date(value: str | None, *, end: bool = False) -> str | None:
    """A full date from an FtM date, which may give only a year or a month.

    A partial start counts from its first day, a partial end to its last.

    Examples
    --------
    >>> ftm_date("2021"), ftm_date("2021-06", end=True), ftm_date("2021-02", end=True)
    ('2021-01-01', '2021-06-30', '2021-02-28')
    """
    if not value:
        return None
    text = value.strip()
    if len(text) == 4 and text.isdigit():
        return f"{text}-12-31" if end else f"{text}-01-01"
    if len(text) == 7 and text[4] == "-":
        if not end:
            return f"{text}-01"
        import calendar

        year, month = int(text[:4]), int(text[5:7])
        if not 1 <= month <= 12:
            return None
        return f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return clean_date(text)


def _first(proxy: EntityProxy, prop: str) -> str | None:
    values = proxy.get(prop, quiet=True)
    return values[0] if values else None


def _dataset(proxy: EntityProxy) -> str:
    datasets = proxy.context.get("datasets") or []
    return "opensanctions/" + ",".join(datasets) if datasets else "ftm"


def _retrieved(proxy: EntityProxy) -> str | None:
    return clean_date(proxy.context.get("last_seen")) or clean_date(_first(proxy, "retrievedAt"))


def _percentage(values: Sequence[str]) -> float | None:
    for v in values:
        try:
            pct = float(str(v).strip().rstrip("%").strip())
        except ValueError:
            continue
        if 0 <= pct <= 100:
            return pct
    return None


class _Reader:
    def __init__(self, b: TableBuilder) -> None:
        self.b = b
        self.countries = known_countries()
        self.entities: dict[str, tuple[EntityProxy, str, int]] = {}
        self.edges: list[tuple[EntityProxy, str, int]] = []
        self.addresses: dict[str, str] = {}

    def read(self, source: Source) -> None:
        for number, data in json_lines(source, self.b):
            if not isinstance(data, dict) or "schema" not in data or "id" not in data:
                self.b.problem(source.name, number, None, "an FtM entity needs an id and a schema")
                continue
            try:
                proxy = model.get_proxy(data, cleaned=False)
            except (FollowTheMoneyException, TypeError, ValueError) as exc:
                self.b.problem(source.name, number, "schema", f"not an FtM entity: {exc}")
                continue
            self.keep(proxy, source.name, number)

    def keep(self, proxy: EntityProxy, file: str, line: int) -> None:
        schema = proxy.schema
        if proxy.id is None:
            self.b.problem(file, line, "id", "the entity has no id")
            return
        if schema.is_a("Address"):
            full = _first(proxy, "full") or ", ".join(
                unique(
                    proxy.get(p, quiet=True)[0] if proxy.get(p, quiet=True) else None
                    for p in ("street", "city", "postalCode", "country")
                )
            )
            if full:
                self.addresses[proxy.id] = full
        elif schema.name in ("Ownership", "Directorship", "Sanction"):
            self.edges.append((proxy, file, line))
        elif schema.is_a("LegalEntity"):
            eid = str(proxy.id)
            if eid in self.entities:
                self.b.duplicates["entities"] = self.b.duplicates.get("entities", 0) + 1
                old = self.entities[eid][0]
                old.merge(proxy)
                proxy = old
            self.entities[eid] = (proxy, file, line)
        else:
            self.b.note(f"{file}, line {line}: {schema.name} entities are not imported")

    def organisation(self, proxy: EntityProxy, file: str, line: int) -> None:
        b = self.b
        names = unique(proxy.get("name", quiet=True))
        # Without a name FtM's caption is the schema label ("Company"): not a name.
        caption = proxy.caption if proxy.caption != proxy.schema.label else None
        name = names[0] if names else caption
        if not name:
            b.problem(file, line, "name", "the entity has no name")
            return
        aliases = unique(
            [
                *names[1:],
                *proxy.get("alias", quiet=True),
                *proxy.get("previousName", quiet=True),
                *proxy.get("weakAlias", quiet=True),
            ]
        )
        country = None
        for prop in _COUNTRY_PROPS:
            country = country_or_none(_first(proxy, prop), self.countries)
            if country:
                break
        lei = next((v for v in proxy.get("leiCode", quiet=True) if not check_lei(v)), None)
        cage = next((v for v in proxy.get("cageCode", quiet=True) if not check_cage(v)), None)
        identifiers = [
            f"{prop.name}:{value}"
            for prop in proxy.schema.properties.values()
            if prop.type.name == "identifier" and prop.name not in _SKIP_IDENTIFIERS
            for value in proxy.get(prop.name, quiet=True)
        ]
        addresses = unique(
            [
                *proxy.get("address", quiet=True),
                *(self.addresses.get(a, "") for a in proxy.get("addressEntity", quiet=True)),
            ]
        )
        row = {
            "id": ftm_id(str(proxy.id)),
            "name": name,
            "kind": next((k for s, k in _KINDS.items() if proxy.schema.name == s), "other"),
            "country": country,
            "lei": lei,
            "cage": cage,
            "aliases": [a for a in aliases if a != name],
            "identifiers": unique(identifiers),
            "status": _first(proxy, "status"),
            "address": "; ".join(addresses) or None,
            **b.provenance(_dataset(proxy), file, str(proxy.id), _retrieved(proxy)),
        }
        b.add("organisations", (row["id"],), row)

    def edge(
        self, proxy: EntityProxy, file: str, line: int, directors: dict[str, list[str]]
    ) -> None:
        b = self.b
        schema = proxy.schema.name
        ends = {
            "Ownership": ("owner", "asset"),
            "Directorship": ("director", "organization"),
            "Sanction": ("entity", None),
        }[schema]
        start = _first(proxy, ends[0])
        end = _first(proxy, ends[1]) if ends[1] else None
        missing = [ref for ref in (start, end) if ref and ref not in self.entities]
        if not start or (ends[1] and not end) or missing:
            b.warn(
                file,
                line,
                None,
                f"{schema} {proxy.id} names an entity that is not a legal entity in this "
                "import; skipped",
            )
            return
        prov = b.provenance(_dataset(proxy), file, str(proxy.id), _retrieved(proxy))
        valid_from = ftm_date(_first(proxy, "startDate"))
        valid_to = ftm_date(_first(proxy, "endDate"), end=True)
        if schema == "Ownership":
            assert end is not None
            pct = _percentage(proxy.get("percentage", quiet=True))
            status = _first(proxy, "status")
            if pct is None:
                status = "; ".join(unique([status, "percentage not given"]))
            row = {
                "owner": ftm_id(start),
                "owned": ftm_id(end),
                "percentage": pct if pct is not None else 0.0,
                "kind": "equity",
                "valid_from": valid_from,
                "valid_to": valid_to,
                "status": status,
                **prov,
            }
            b.add("ownership", (row["owner"], row["owned"], "equity"), row)
        elif schema == "Directorship":
            assert end is not None
            who = self.entities[start][0]
            role = _first(proxy, "role") or "director"
            period = f"{valid_from or ''}..{valid_to or ''}"
            directors.setdefault(ftm_id(end), []).append(
                f"{who.caption} ({role}, {period}, {ftm_id(start)})"
            )
        else:
            datasets = proxy.context.get("datasets") or []
            names = [LISTS[d] for d in datasets if d in LISTS]
            listed = names[0] if names else "OS-" + "-".join(datasets or ["UNKNOWN"]).upper()
            row = {
                "entity": ftm_id(start),
                "list": listed.replace("_", "-"),
                "listed_on": ftm_date(_first(proxy, "listingDate")) or valid_from,
                "delisted_on": valid_to,
                "reason": _first(proxy, "reason") or _first(proxy, "summary"),
                "authority": _first(proxy, "authority"),
                "program": _first(proxy, "program") or _first(proxy, "programId"),
                **prov,
            }
            b.add("designations", (row["entity"], row["list"]), row)

    def finish(self) -> None:
        for proxy, file, line in self.entities.values():
            self.organisation(proxy, file, line)
        directors: dict[str, list[str]] = {}
        for proxy, file, line in self.edges:
            self.edge(proxy, file, line, directors)
        orgs = self.b.tables.get("organisations", {})
        for org, entries in directors.items():
            if (org,) in orgs:
                orgs[(org,)]["directors"] = "; ".join(sorted(entries))


def import_ftm(sources: Sequence[Source], retrieved_on: str | None = None) -> ImportResult:
    """Import FollowTheMoney JSON-lines entity files (OpenSanctions exports).

    Parameters
    ----------
    sources
        ``.json`` / ``.jsonl`` / ``.ftm.json`` files, one entity per line.
    retrieved_on
        Retrieval date for entities without ``last_seen``; default today.

    Raises
    ------
    ValidationFailed
        Every line that is not an FtM entity, with file and line.
    """
    b = TableBuilder("ftm", retrieved_on)
    reader = _Reader(b)
    for source in sources:
        reader.read(source)
    reader.finish()
    return b.result()
