"""Find anything: one ranked search over organisations, facilities, items and countries.

A query is matched, case- and accent-insensitively, against

- identifiers, whole: node id, LEI, CAGE code, NSN, country code (best rank);
- names: the words of a name, by substring (``gallium`` finds "Redvale Gallium
  Refining Co.") and fuzzily (``galium`` too), using :mod:`rapidfuzz`;
- countries: a query naming a country also finds what is registered or located there
  (ranked below name matches).

The index is built once per graph generation (the API keeps it with its graph
snapshot, see :mod:`graphmodel.workspace.snapshot`). Candidates come from the word postings,
so a query touches a few thousand names, not every node: the 1M-node benchmark is
``benchmarks/search_benchmark.py``.

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

import heapq
import re
import unicodedata
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx
from rapidfuzz import fuzz, process

from graphmodel.analysis.index import pause_gc

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

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph) -> SearchIndex:
        """The index of a :mod:`graphmodel.nxgraph` graph."""
        fields = ("label", "name", "kind", "country", *_KEYS[1:])
        return cls({"id": n, **{f: d.get(f) for f in fields}} for n, d in G.nodes(data=True))

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

    def _candidates(self, words: list[str]) -> set[int]:
        # One word: its shortest names are the best; several: enough to intersect.
        cap = _MAX_SCORED if len(words) == 1 else _MAX_CANDIDATES
        postings: list[set[int]] = []
        for w in words:
            got: set[int] = set()
            for m in self._word_matches(w):
                posting = self._words[m]
                if isinstance(posting, int):
                    got.add(posting)
                else:
                    got.update(posting[:cap])
                if len(got) >= cap * 4:
                    break
            postings.append(got)
        postings.sort(key=len)
        nonempty = [p for p in postings if p]
        if not nonempty:
            return set()
        both = set.intersection(*nonempty)
        # No name holds every word: the names holding the rarest one.
        return both or nonempty[0]

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

        def keep(i: int) -> bool:
            return (wanted is None or self.kinds[i] in wanted) and (
                country is None or self.countries[i] == country or self.ids[i] == country
            )

        exact = self._keys.get(_compact(query), [])
        for i, field in [exact] if isinstance(exact, tuple) else exact:
            if keep(i):
                scored[i] = (200.0, field)
        words = q.split()
        cand = [i for i in self._candidates(words) if i not in scored and keep(i)]
        if len(cand) > _MAX_SCORED:
            # Entry numbers follow name length: the smallest are the shortest names.
            cand = heapq.nsmallest(_MAX_SCORED, cand)
        if cand:
            names = [self.norm[i] for i in cand]
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
                scored[cand[k]] = (s, "name")
        # A query naming a country also finds what is there, after the name matches.
        for i, norm in self._country_names.items():
            if norm == q or self.ids[i].casefold() == q:
                members = self._in_country.get(self.ids[i], array("i"))
                added = 0
                for j in members:
                    if added >= limit:
                        break
                    if j not in scored and keep(j):
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
