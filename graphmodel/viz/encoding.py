"""Visual encodings shared by every view: colours, shapes, flags and the legend.

Colours follow the Okabe-Ito palette so node kinds stay distinguishable for
the common forms of colour blindness; flags never rely on colour alone (the
label also says what is flagged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "ADVERSARY_COLOUR",
    "GROUP_SHAPE",
    "KINDS",
    "KIND_STYLES",
    "SPOF_DASHES",
    "WATCH_COLOUR",
    "KindStyle",
    "LegendEntry",
    "kind_style",
    "legend",
]


@dataclass(frozen=True)
class KindStyle:
    """How one node kind is drawn."""

    colour: str
    border: str
    shape: str
    #: Font colour that stays readable on ``colour``.
    font: str
    plural: str


#: Node kinds a view can draw, in legend order; also the values ``kinds=`` accepts.
KINDS: Final = (
    "platform",
    "assembly",
    "component",
    "material",
    "organisation",
    "facility",
    "country",
)

KIND_STYLES: Final[dict[str, KindStyle]] = {
    "platform": KindStyle("#0072B2", "#004a75", "box", "#ffffff", "platforms"),
    "assembly": KindStyle("#56B4E9", "#2a7fb0", "box", "#10202b", "assemblies"),
    "component": KindStyle("#009E73", "#006b4e", "box", "#ffffff", "components"),
    "material": KindStyle("#E69F00", "#a87400", "box", "#1d1400", "materials"),
    "organisation": KindStyle("#CC79A7", "#94507a", "ellipse", "#1f0b17", "organisations"),
    "facility": KindStyle("#F0E442", "#a99f1c", "ellipse", "#1f1c00", "facilities"),
    "country": KindStyle("#B8B8B8", "#6e6e6e", "dot", "#1a1a1a", "countries"),
}

#: Border of an adversary-linked node (and of its label's warning line).
ADVERSARY_COLOUR: Final = "#D62728"
#: Border of a node in (or registered/located in) a country of concern "watch".
WATCH_COLOUR: Final = "#FF7F0E"
#: Dash pattern of the border of a single point of failure.
SPOF_DASHES: Final = (8, 4)
#: Shape of an aggregate node standing for many collapsed nodes (drawn with an
#: offset shadow so it reads as a stack of cards).
GROUP_SHAPE: Final = "box"


def kind_style(kind: str) -> KindStyle:
    """Return the style of ``kind``; unknown kinds are drawn like organisations.

    Examples
    --------
    >>> kind_style("material").shape
    'box'
    """
    return KIND_STYLES.get(kind, KIND_STYLES["organisation"])


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: a swatch described by CSS properties and a text."""

    text: str
    background: str
    border: str
    border_style: str = "solid"
    border_width: int = 2
    #: ``box``, ``ellipse``, ``circle``, ``stack`` or ``line``.
    shape: str = "box"


def legend(kinds: set[str] | frozenset[str] | None = None) -> list[LegendEntry]:
    """Legend entries for the node kinds present plus every flag encoding.

    Examples
    --------
    >>> [e.text for e in legend({"country"})][:2]
    ['country', 'adversary-linked (red border, ⚠ in label)']
    """
    shown = [k for k in KINDS if kinds is None or k in kinds]
    entries = []
    for k in shown:
        s = KIND_STYLES[k]
        entries.append(
            LegendEntry(k, s.colour, s.border, shape="circle" if s.shape == "dot" else s.shape)
        )
    entries += [
        LegendEntry(
            "adversary-linked (red border, ⚠ in label)", "#ffffff", ADVERSARY_COLOUR, border_width=4
        ),
        LegendEntry(
            "watch country exposure (orange border)", "#ffffff", WATCH_COLOUR, border_width=4
        ),
        LegendEntry(
            "single point of failure (dashed border, SPOF in label)",
            "#ffffff",
            "#222222",
            border_style="dashed",
            border_width=4,
        ),
        LegendEntry(
            "collapsed group of nodes (count in label)", "#eeeeee", "#555555", shape="stack"
        ),
        LegendEntry(
            "dashed edge: unqualified source or hidden intermediate nodes",
            "#ffffff",
            "#666666",
            border_style="dashed",
            shape="line",
        ),
    ]
    return entries
