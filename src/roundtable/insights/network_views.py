"""The relationship network page: who is tied to whom, who is left out, which groups never meet,
and who bridges them (docs/insights.md, "Relationship network")."""

from datetime import UTC
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.insights.network_forms import NetworkFilterForm
from roundtable.insights.network_selectors import GROUPINGS, network_figures

# The drawing's canvas, in SVG user units; the positions (0…1) are placed inside the margin.
WIDTH, HEIGHT, MARGIN = 900, 600, 16
PALETTE = 10  # colour classes net-g0 … net-g9 (regions and countries use at most 9)


def _drawing(figures: dict[str, Any]) -> dict[str, Any]:
    """The network's nodes and lines in canvas units, and each group's colour class."""
    groups = {name: f"net-g{index % PALETTE}" for index, name in enumerate(figures["groups"])}
    nodes = {
        p["member_id"]: {
            **p,
            "cx": round(MARGIN + p["x"] * (WIDTH - 2 * MARGIN), 1),
            "cy": round(MARGIN + p["y"] * (HEIGHT - 2 * MARGIN), 1),
            "css": groups.get(p["group"], "net-g0"),
        }
        for p in figures["layout"]["positions"]
    }
    lines = [
        (nodes[a]["cx"], nodes[a]["cy"], nodes[b]["cx"], nodes[b]["cy"])
        for a, b in figures["layout"]["edges"]
    ]
    radius = 6 if len(nodes) <= 60 else 4
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "nodes": list(nodes.values()),
        "lines": lines,
        "radius": radius,
        "legend": list(groups.items()),
    }


def _matrix(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The mixing rows as a square table: one row per group, one cell per group."""
    cells = {tuple(row["groups"]): row for row in figures["mixing"]}
    groups = figures["groups"]
    return [
        {
            "group": g,
            "cells": [cells.get(tuple(sorted((g, h)))) for h in groups],
        }
        for g in groups
    ]


@community_view(FACILITATOR)
def insights_network(request: CommunityRequest) -> HttpResponse:
    today = timezone.now().astimezone(UTC).date()
    form = NetworkFilterForm(request.GET or None)
    start, end, grouping = form.network_period(today=today)
    figures = network_figures(community=request.community, start=start, end=end, grouping=grouping)
    context = {
        "form": form,
        "figures": figures,
        "grouping_label": GROUPINGS[grouping],
        "drawing": _drawing(figures),
        "matrix": _matrix(figures),
        "never_meet": [row["groups"] for row in figures["mixing"] if row["never_meet"]],
    }
    return render(request, "insights/network.html", context)
