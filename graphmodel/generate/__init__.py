"""Synthetic defence supply networks of any size, as bundle tables.

``generate_tables(nodes, relationships)`` returns rows for every bundle table
(:data:`graphmodel.schema.TABLES`); :func:`count_relationships` counts the
relationships the graph will store for them.

The model
---------
All ids start with ``g-`` so a generated bundle loads beside the demo data.

Items and tiers
    Items sit on levels ``0 .. max_tier-1``. A platform's level is
    ``max_tier - depth`` with its depth drawn from ``tiers`` (the first
    platform gets the maximum depth, the second the minimum). Between
    platforms and materials lie assembly then component levels whose sizes
    grow geometrically (an hourglass: few platforms, many parts, fewer
    processed materials ``g-mat-<n>``, and at the bottom the named raw
    materials ``g-mat-<key>``: NATO's 12 defence-critical raw materials,
    antimony, then common ones). Their keys match the reference ids
    ``mat-<key>``.
Bill of materials
    Edges only go to deeper levels, so the BOM is a DAG. Every item below
    level 0 has a parent one level up, every item above the raw materials a
    child one level down, so each platform's longest path has exactly its
    depth. Further edges go mostly one level down (20% skip levels); the
    child is drawn from a Zipf fitness distribution, so common parts and
    materials are shared by many parents and across platforms.
Sources
    Suppliers come in three classes (primes for platforms and assemblies,
    component makers, materials producers), each drawn by Zipf rank: a few
    suppliers supply very many items. Items get 1-4 qualified sources (the
    mean follows the requested relationships per node; many sole-sourced),
    raw materials 4-12 from producers registered in the producing countries;
    12% of items get an unqualified candidate (share 0). Qualified shares sum
    to 1 per item. Sources name one of the supplier's facilities when it
    has any, with a probability that also follows the requested density.
Organisations and countries
    Up to 60 countries (adversaries and the big defence-industrial nations
    first), with NATO, EU, NTIB, SOSA and RDP_MOU memberships. Suppliers are
    registered by weighted country (materials producers by mining weights);
    about ``0.6 * adversary_share`` of them in CN, RU, IR or KP.
Ownership
    Holding pyramids 1-4 deep (a level-h holding is majority-owned by a
    level h-1 holding, half the time at home, else across borders), 40% of
    suppliers owned by a holding, some joint ventures, state stakes by
    government organisations, and rare cross-holding cycles. About
    ``0.4 * adversary_share`` of suppliers are allied-registered but owned by
    an adversary holding: directly, through a front holding in a holding
    hub, or by stakes below 50% that add up past 50% (OFAC aggregation).
    A person's or company's total stakes never exceed 100% of an organisation.
Designations, stockpiles, substitutes, production
    A share of adversary-registered companies and holdings (and a few
    allied fronts) are listed on one or two lists with synthetic reasons;
    national stockpiles of raw materials and primes' stocks of parts;
    substitutes within a level (60% qualified); world production shares of
    the raw materials (USGS figures for the NATO materials and antimony,
    synthetic for the rest, labelled so in ``source``).
Names
    All organisation names are invented; none refers to a real company.
"""

from __future__ import annotations

from graphmodel.generate.core import GenerateError, count_relationships, generate_tables

__all__ = ["GenerateError", "count_relationships", "generate_tables"]
