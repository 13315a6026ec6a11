"""Find anything: one ranked search over organisations, facilities, items and countries.

A query is matched, case- and accent-insensitively, against

- identifiers, whole: node id, LEI, CAGE code, NSN, country code (best rank);
- names: the words of a name, by substring (``gallium`` finds "Redvale Gallium
  Refining Co.") and fuzzily (``galium`` too), using :mod:`rapidfuzz`;
- countries: a query naming a country also finds what is registered or located there
  (ranked below name matches).

The index is built once per graph generation, from the store's rows
(:meth:`SearchIndex.from_store`, without reading the analysis graph; the API keeps it
with its snapshot, see :mod:`graphmodel.workspace.snapshot`). Candidates come from
the word postings (arrays of entry numbers, filtered and intersected with numpy), so a
query scores at most a few thousand names with rapidfuzz, never every node: the
1M-node benchmark is ``benchmarks/search_benchmark.py``.

Examples
--------
>>> ix = SearchIndex([
...     {"id": "o1", "label": "Organisation", "name": "Société Générale d'Acier",
...      "country": "FR", "lei": "5299001ABCDEF0000001"},
...     {"id": "o2", "label": "Organisation", "name": "Redvale Gallium Refining Co."},
...     {"id": "FR", "label": "Country", "name": "France"}])
>>> [h.id for h in ix.search("societe")]
['o1']
>>> [h.id for h in ix.search("galium")]
['o2']
>>> ix.search("5299001abcdef0000001")[0].matched
'lei'
>>> [h.id for h in ix.search("france")]
['FR', 'o1']
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from graphmodel.analysis.asof import link_same_as
from graphmodel.analysis.index import pause_gc
from graphmodel.store.base import GraphStore
from graphmodel.store.rows import read_search_rows
from graphmodel.store.tables import flatten_row

__all__ = ["KINDS", "SearchHit", "SearchIndex", "normalise"]

#: What can be searched, by node label.
KINDS: Final = {
    "Organisation": "organisation",
    "Facility": "facility",
    "Item": "item",
    "Country": "country",
}
#: Identifier fields matched whole, in the order a tie is reported.
_KEYS: Final = ("id", "lei", "cage", "nsn")
#: Names collected per query word, at most (the postings are in name-length order).
_MAX_CANDIDATES: Final = 20_000
#: Names scored with rapidfuzz per query, at most: the shortest of the candidates, which
#: are the ones a contained query word scores highest in anyway.
_MAX_SCORED: Final = 2_000
#: Least rapidfuzz ratio for a word to count as a fuzzy match of a query word.
_FUZZY_CUTOFF: Final = 80.0
_WORD: Final = re.compile(r"[^\W_]+")
#: The kinds by number (the index's kind array).
_KIND_CODES: Final = tuple(KINDS.values())
_NONE: Final = np.zeros(0, dtype=np.int32)


def _compact(key: str) -> str:
    """An identifier as matched whole: lower case, without spaces and hyphens.

    Examples
    --------
    >>> _compact("9999-00-123-4567") == _compact("9999 00 123 4567")
    True
    """
    return key.strip().lower().replace("-", "").replace(" ", "")


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces.

    Examples
    --------
    >>> normalise("Société  Générale-d'Acier")
    'societe generale d acier'
    """
    if text.isascii():  # most names: no accents to strip
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_WORD.findall(bare))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the node, what matched and how well (higher first)."""

    id: str
    name: str | None
    kind: str
    detail: str | None
    country: str | None
    matched: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "detail": self.detail,
            "country": self.country,
            "matched": self.matched,
            "score": round(self.score, 1),
        }


#: Labels in the order the analysis graph adds them (a later one wins an id they share).
_LABEL_ORDER: Final = ("Country", "Organisation", "Facility", "Item")
_FIELDS: Final = ("name", "kind", "country", "lei", "cage", "nsn")


def _store_records(store: GraphStore) -> list[dict[str, Any]]:
    """The index records of the graph in ``store`` (see :meth:`SearchIndex.from_store`)."""
    by_label: dict[str, list[dict[str, Any]]] = {label: [] for label in _LABEL_ORDER}
    for row in read_search_rows(store):
        rows = by_label.get(row[1])
        if rows is not None:
            rows.append(dict(zip(("id", "label", *_FIELDS), row, strict=True)))
    codes = {r["id"] for r in by_label["Country"]}
    for r in by_label["Organisation"]:
        r["kind"] = r["kind"] or "company"
    for label in ("Organisation", "Facility"):
        for r in by_label[label]:
            if r["country"] not in codes:
                r["country"] = None  # a reference to no country, as the graph drops it
    by_label["Organisation"] = _same_as_merged(store, by_label["Organisation"])
    records: dict[str, dict[str, Any]] = {}
    for label in _LABEL_ORDER:
        for r in by_label[label]:
            prev = records.get(r["id"])
            if prev is None:
                records[r["id"]] = r
            else:  # one node in the graph: the later label and values win
                prev.update((k, v) for k, v in r.items() if v is not None)
    return list(records.values())


def _same_as_merged(store: GraphStore, orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``orgs`` with the records reviewed as the same merged, as in the analysis graph."""
    matches = [flatten_row(r) for r in store.query("export_matches")]
    same = [m for m in matches if m.get("decision") == "same"]
    if not same:
        return orgs
    ids = {r["id"] for r in orgs}
    members = sorted({m[side] for m in same for side in ("left", "right")} & ids)
    facts = store.query("search_same_as_of", {"ids": members})
    dataset = {str(f["id"]): f.get("dataset") for f in facts}
    for r in orgs:
        if r["id"] in dataset:
            r["dataset"] = dataset[r["id"]]
    tables = {
        "organisations": orgs,
        "matches": same,
        # What link_same_as picks a cluster's record by: suppliers and operators first.
        "sources": [{"supplier": str(f["id"])} for f in facts if f.get("used")],
    }
    return link_same_as(tables)["organisations"]


class SearchIndex:
    """The search index of one graph: records with ``id``, ``label``, ``name`` and the
    optional ``kind``, ``country``, ``lei``, ``cage``, ``nsn``."""

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        # Millions of small arrays and tuples: without the pause, each burst of them
        # makes the collector walk the whole graph the caller holds (minutes at 1M nodes).
        with pause_gc():
            self._build(records)

    def _build(self, records: Iterable[Mapping[str, Any]]) -> None:
        rows = [r for r in records if r.get("label") in KINDS and r.get("id") is not None]
        # Entries in name-length order, so every posting list lists short names first:
        # a capped candidate set keeps the names a query is most likely to mean.
        keyed = [(normalise(str(r.get("name") or r["id"])), r) for r in rows]
        keyed.sort(key=lambda kr: (len(kr[0]), str(kr[1]["id"])))
        self.ids: list[str] = [str(r["id"]) for _, r in keyed]
        self.names: list[str | None] = [r.get("name") for _, r in keyed]
        self.norm: list[str] = [n for n, _ in keyed]
        self.kinds: list[str] = [KINDS[r["label"]] for _, r in keyed]
        self.details: list[str | None] = [r.get("kind") for _, r in keyed]
        self.countries: list[str | None] = [r.get("country") for _, r in keyed]
        # One (entry, field) per identifier, or a list when several share it.
        self._keys: dict[str, tuple[int, str] | list[tuple[int, str]]] = {}
        keys = self._keys
        # A word's posting: one entry number, or an array once a second entry has it
        # (most numbers in names are unique; an array each would double the build time).
        words: dict[str, int | array[int]] = {}
        self._in_country: dict[str, array[int]] = {}
        for i, (norm, r) in enumerate(keyed):
            for field in _KEYS:
                v = r.get(field)
                if v:
                    k = _compact(str(v))
                    hits = keys.get(k)
                    if hits is None:
                        keys[k] = (i, field)
                    elif isinstance(hits, tuple):
                        keys[k] = [hits, (i, field)]
                    else:
                        hits.append((i, field))
            for w in dict.fromkeys(norm.split()):
                posting = words.get(w)
                if posting is None:
                    words[w] = i
                elif isinstance(posting, int):
                    words[w] = array("i", (posting, i))
                else:
                    posting.append(i)
            c = r.get("country")
            if c and r["label"] != "Country":
                self._in_country.setdefault(str(c), array("i")).append(i)
        self._words = words
        # Numbers (the 12345 of "Plant 12345") are matched whole, never by substring:
        # they would make the word list as long as the node list.
        self._vocab = sorted(w for w in words if not w.isdigit())
        self._joined = "\x00" + "\x00".join(self._vocab) + "\x00"
        self._by_length: dict[int, list[str]] = {}
        for w in self._vocab:
            self._by_length.setdefault(len(w), []).append(w)
        self._country_names = {
            i: norm for i, norm in enumerate(self.norm) if self.kinds[i] == "country"
        }
        # Kinds and countries as numbers, so filters are array operations.
        kind_code = {kind: k for k, kind in enumerate(_KIND_CODES)}
        self._kind_code = np.fromiter(
            (kind_code[k] for k in self.kinds), dtype=np.int8, count=len(self.kinds)
        )
        self._country_codes: dict[str, int] = {}
        cc = self._country_codes
        self._country_code = np.fromiter(
            (-1 if c is None else cc.setdefault(c, len(cc)) for c in self.countries),
            dtype=np.int32,
            count=len(self.countries),
        )

    @classmethod
    def from_store(cls, store: GraphStore) -> SearchIndex:
        """The index of the graph in ``store``, read straight from its rows (``search_nodes``).

        It holds what the analysis graph (:func:`graphmodel.store.tables.graph_from_store`)
        would give the index, without reading that graph: an organisation's or
        facility's country is the one it is registered or located in (if that country
        exists), an organisation's kind is ``company`` unless set, and records
        reviewed as the same are one entry (:func:`graphmodel.analysis.asof.link_same_as`).
        """
        return cls(store.read_consistent(lambda: _store_records(store)))

    def __len__(self) -> int:
        return len(self.ids)

    # ---------------------------------------------------------------- query

    def _word_matches(self, word: str) -> list[str]:
        """Indexed words equal to, containing, or close to the query word."""
        if word.isdigit():
            return [word] if word in self._words else []
        found: list[str] = [word] if word in self._words else []
        if len(word) >= 2:
            j, joined = 0, self._joined
            while len(found) < 2_000:
                j = joined.find(word, j)
                if j < 0:
                    break
                start = joined.rfind("\x00", 0, j) + 1
                end = joined.find("\x00", j)
                w = joined[start:end]
                if w != word:
                    found.append(w)
                j = end
        if len(word) >= 4:
            near = [
                w for n in range(len(word) - 2, len(word) + 3) for w in self._by_length.get(n, ())
            ]
            for w, _score, _ in process.extract(
                word, near, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=50
            ):
                if w not in found:
                    found.append(w)
        return found

    def _posting(self, word: str, cap: int) -> npt.NDArray[np.int32]:
        """The first ``cap`` entries holding ``word``, ascending (shortest names first)."""
        posting = self._words[word]
        if isinstance(posting, int):
            return np.array((posting,), dtype=np.int32)
        return np.frombuffer(posting, dtype=np.int32)[:cap]

    def _candidates(self, words: list[str]) -> npt.NDArray[np.int32]:
        """Entries holding every query word (or a match of it), ascending; if none holds
        them all, the entries holding the rarest one."""
        # One word: its shortest names are the best; several: enough to intersect.
        cap = _MAX_SCORED if len(words) == 1 else _MAX_CANDIDATES
        postings: list[npt.NDArray[np.int32]] = []
        for w in words:
            seen = np.zeros(len(self.ids), dtype=np.bool_)
            parts: list[npt.NDArray[np.int32]] = []
            count = 0
            for m in self._word_matches(w):
                part = self._posting(m, cap)
                part = part[~seen[part]]
                seen[part] = True
                parts.append(part)
                count += len(part)
                if count >= cap * 4:
                    break
            postings.append(np.sort(np.concatenate(parts)) if parts else _NONE)
        postings.sort(key=len)
        nonempty = [p for p in postings if len(p)]
        if not nonempty:
            return _NONE
        both = nonempty[0]
        for p in nonempty[1:]:
            both = np.intersect1d(both, p, assume_unique=True)
        # No name holds every word: the names holding the rarest one.
        return both if len(both) else nonempty[0]

    def _kept(
        self, entries: npt.NDArray[np.int32], wanted: set[str] | None, country: str | None
    ) -> npt.NDArray[np.int32]:
        """``entries`` of the wanted kinds and in ``country`` (or that country itself)."""
        if wanted is not None:
            codes = [k for k, kind in enumerate(_KIND_CODES) if kind in wanted]
            entries = entries[np.isin(self._kind_code[entries], codes)]
        if country is not None:
            there = self._country_code[entries] == self._country_codes.get(country, -2)
            exact = self._keys.get(_compact(country), [])
            itself = [i for i, f in ([exact] if isinstance(exact, tuple) else exact) if f == "id"]
            if itself:
                there |= np.isin(entries, [i for i in itself if self.ids[i] == country])
            entries = entries[there]
        return entries

    def search(
        self,
        query: str,
        *,
        kinds: Iterable[str] | None = None,
        country: str | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """The best ``limit`` matches of ``query``, best first.

        ``kinds`` keeps only those kinds (``organisation``, ``facility``, ``item``,
        ``country``); ``country`` only nodes registered or located there.
        """
        q = normalise(query)
        if not q or limit < 1:
            return []
        wanted = set(kinds) if kinds else None
        scored: dict[int, tuple[float, str]] = {}

        exact = self._keys.get(_compact(query), [])
        pairs = [exact] if isinstance(exact, tuple) else exact
        if pairs:
            kept = set(
                self._kept(np.array([i for i, _ in pairs], np.int32), wanted, country).tolist()
            )
            for i, field in pairs:
                if i in kept:
                    scored[i] = (200.0, field)
        cand = self._kept(self._candidates(q.split()), wanted, country)
        if scored:
            cand = cand[~np.isin(cand, list(scored))]
        # Entry numbers follow name length: the first are the shortest names.
        picked: list[int] = cand[:_MAX_SCORED].tolist()
        if picked:
            norm = self.norm
            names = [norm[i] for i in picked]
            # WRatio rewards a query that is part of a longer name; bonuses below
            # put whole-name and word-start matches first.
            top = process.extract(q, names, scorer=fuzz.WRatio, limit=max(limit * 5, 100))
            for n, ratio, k in top:
                s = float(ratio)
                if n == q:
                    s += 30
                elif n.startswith(q):
                    s += 20
                elif f" {q}" in f" {n}":
                    s += 10
                elif q in n:
                    s += 5
                scored[picked[k]] = (s, "name")
        # A query naming a country also finds what is there, after the name matches.
        for i, norm_name in self._country_names.items():
            if norm_name == q or self.ids[i].casefold() == q:
                members = self._in_country.get(self.ids[i])
                if members is None:
                    continue
                there = np.frombuffer(members, dtype=np.int32)
                # Enough members for ``limit`` new ones past those already scored.
                head = self._kept(there[: (limit + len(scored)) * 8], wanted, country)
                if len(head) < limit + len(scored):
                    head = self._kept(there, wanted, country)
                added = 0
                for j in head.tolist():
                    if added >= limit:
                        break
                    if j not in scored:
                        scored[j] = (40.0, "country")
                        added += 1
        order = sorted(scored, key=lambda i: (-scored[i][0], len(self.norm[i]), self.ids[i]))
        return [
            SearchHit(
                id=self.ids[i],
                name=self.names[i],
                kind=self.kinds[i],
                detail=self.details[i],
                country=self.countries[i],
                matched=scored[i][1],
                score=scored[i][0],
            )
            for i in order[:limit]
        ]
