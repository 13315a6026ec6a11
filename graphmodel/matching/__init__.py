"""Entity resolution: match organisation records from one source against another.

Identifiers first (LEI, CAGE, registry numbers), then names normalised with
``rigour`` (company forms, transliteration) and scored with ``rapidfuzz``,
country as evidence (:mod:`.score`); blocking and candidate pairs
(:mod:`.candidates`); candidates and review decisions in the store
(:mod:`.review`). A ``same`` decision links the records with a ``SAME_AS``
edge, which the analysis follows (:func:`graphmodel.analysis.asof.link_same_as`).
"""

from __future__ import annotations

from graphmodel.matching.candidates import Candidate, candidates
from graphmodel.matching.review import decide, decisions, find_matches
from graphmodel.matching.score import DEFAULT_THRESHOLD, PairScore, score_pair

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "PairScore",
    "candidates",
    "decide",
    "decisions",
    "find_matches",
    "score_pair",
]
