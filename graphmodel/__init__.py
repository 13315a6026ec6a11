"""supplynet: a graph-based supply network modeller for defence-critical supply chains."""

__version__ = "0.1.0"
