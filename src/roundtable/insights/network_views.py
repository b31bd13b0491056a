"""The relationship network page: who is tied to whom, who is left out, which groups never meet,
and who bridges them (docs/insights.md, "Relationship network")."""

from datetime import UTC
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.insights.network_forms import NetworkFilterForm
from roundtable.insights.network_selectors import GROUPINGS, SEGMENT_GROUPS_MAX, network_named
from roundtable.insights.snapshots import snapshot
from roundtable.members.selectors import member_names
from roundtable.web.charts import Table
from roundtable.web.csv_download import csv_download

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


def _tables(figures: dict[str, Any], grouping: str) -> dict[str, Table]:
    """The page's tables as their CSV downloads hold them (every isolate, named)."""
    isolates = [row["member_id"] for row in figures["isolates"]]
    names = member_names(isolates)
    return {
        "months": Table(
            "new-connections-by-month", "New connections by month", ["Month", "New connections"],
            [[row["month"], str(row["new"])] for row in figures["new_connections_by_month"]],
        ),
        "mixing": Table(
            f"connections-by-{grouping}", f"Connections between {GROUPINGS[grouping].lower()}s",
            [GROUPINGS[grouping], GROUPINGS[grouping], "Connections", "Expected at random",
             "Never meet"],
            [[*row["groups"], str(row["observed"]), f"{row['expected']:.1f}",
              "yes" if row["never_meet"] else ""] for row in figures["mixing"]],
        ),
        "bridges": Table(
            "bridges", "Bridges", ["Member", "Betweenness", "Connections"],
            [[row["name"], f"{row['betweenness']:.4f}", str(row["connections"])]
             for row in figures["bridges"]],
        ),
        "isolates": Table(
            "members-with-no-connection", "Members with no connection", ["Member", "Member id"],
            [[names.get(pk, f"Member #{pk}"), str(pk)] for pk in isolates],
        ),
    }  # fmt: skip


@community_view(FACILITATOR)
def insights_network(request: CommunityRequest) -> HttpResponse:
    """The network page (its figures stored until the nightly refresh); ``?format=csv&table=``
    one of its tables as CSV; POST recomputes the figures."""
    today = timezone.now().astimezone(UTC).date()
    query = request.GET.copy()
    for key in ("format", "table"):
        query.pop(key, None)
    form = NetworkFilterForm(query or None)
    start, end, grouping = form.network_period(today=today)
    params = {"from": start.isoformat(), "to": end.isoformat(), "grouping": grouping}
    if request.method == "POST":  # "Recompute now", then the page again
        snapshot(community=request.community, name="network", params=params, recompute=True)
        return redirect(request.get_full_path())
    shot = snapshot(community=request.community, name="network", params=params)
    figures = network_named(shot.payload)
    if request.GET.get("format") == "csv":
        table = _tables(figures, grouping).get(request.GET.get("table", ""))
        if table is None:
            raise Http404("No such table on this page.")
        return csv_download(table, names=[request.community.slug])
    query["format"] = "csv"
    context = {
        "form": form,
        "snapshot": shot,
        "csv_base": query.urlencode(),
        "figures": figures,
        "grouping": grouping,
        "grouping_label": GROUPINGS[grouping],
        "segment_max": SEGMENT_GROUPS_MAX,
        "drawing": _drawing(figures),
        "matrix": _matrix(figures),
        "never_meet": [row["groups"] for row in figures["mixing"] if row["never_meet"]],
    }
    return render(request, "insights/network.html", context)
