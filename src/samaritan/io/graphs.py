"""Networks for the tools investigators use: GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi) and a
CSV summary (spreadsheets, Maltego-style importers).

Nodes are ads, contacts (phones, emails, handles), accounts and photos; an edge joins an ad to each
identifier it shows, and two ads that `samaritan link` joined, with the evidence as the edge's kind."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

import networkx as nx
import orjson

GRAPH_FORMATS = ("graphml", "gexf", "csv")


class GraphFormatError(ValueError):
    pass


def graph_format(path: str) -> str:
    name = path.lower()
    for fmt in GRAPH_FORMATS:
        if name.endswith("." + fmt):
            return fmt
    # .jsonl (.gz), the contract's summary lines, is handled before this by the link run.
    raise GraphFormatError(f"cannot tell the network format of {path}: use .jsonl, .jsonl.gz, .graphml, .gexf or .csv")


def build_graph(networks: Iterable[dict[str, Any]], links: Iterable[dict[str, Any]] = ()) -> nx.Graph:
    graph = nx.Graph()
    for net in networks:
        net_id = net["network_id"]
        labels = ";".join(net.get("labels") or [])
        for ad in net.get("ads", []):
            graph.add_node(f"ad:{ad}", kind="ad", label=ad, network=net_id, network_labels=labels)
        for kind in ("phones", "emails", "handles", "accounts"):
            for value in net.get(kind, []):
                graph.add_node(f"{kind[:-1]}:{value}", kind=kind[:-1], label=value, network=net_id)
    for line in links:
        ad_node = f"ad:{line['id']}"
        if ad_node not in graph:
            graph.add_node(ad_node, kind="ad", label=line["id"], network=line.get("network_id") or "")
        for link in line.get("links", []):
            other = f"ad:{link['id']}"
            vias = str(link["via"]).split(", ")
            # One edge per pair of ads: its kind is the first evidence named, all of it in `evidence`.
            graph.add_edge(ad_node, other, kind=vias[0].partition(":")[0], evidence=str(link["via"]))
            for via in vias:
                kind, _, value = via.partition(":")
                identifier = {"phone": "phone", "email": "email", "handle": "handle", "account": "account"}.get(kind)
                if identifier:
                    node = f"{identifier}:{value}"
                    graph.add_node(node, kind=identifier, label=value, network=line.get("network_id") or "")
                    for ad in (ad_node, other):
                        graph.add_edge(ad, node, kind=f"shows_{identifier}", evidence=via)
                elif kind in ("image_sha256", "pdq", "photo"):
                    node = f"photo:{value[:16]}"
                    graph.add_node(node, kind="photo", label=value[:16], network=line.get("network_id") or "")
                    for ad in (ad_node, other):
                        graph.add_edge(ad, node, kind="shows_photo", evidence=via)
    return graph


def write_networks(path: str, networks: list[dict[str, Any]], links: Iterable[dict[str, Any]] = ()) -> None:
    fmt = graph_format(path)
    if fmt == "csv":
        _write_summary_csv(path, networks)
        return
    graph = build_graph(networks, links)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    else:
        nx.write_gexf(graph, path)


def _write_summary_csv(path: str, networks: list[dict[str, Any]]) -> None:
    columns = ["network_id", "size", "labels", "phones", "emails", "handles", "accounts", "cities", "risk_trafficking",
               "risk_minor", "formed_by", "first_seen", "last_seen"]  # fmt: skip
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for net in networks:
            cities = net.get("cities") or []
            seen = [c.get("first_seen") for c in cities if c.get("first_seen")] + [
                c.get("last_seen") for c in cities if c.get("last_seen")
            ]
            risk = net.get("risk") or {}
            writer.writerow(
                {
                    "network_id": net["network_id"],
                    "size": net.get("size", len(net.get("ads", []))),
                    "labels": ";".join(net.get("labels") or []),
                    "phones": ";".join(net.get("phones") or []),
                    "emails": ";".join(net.get("emails") or []),
                    "handles": ";".join(net.get("handles") or []),
                    "accounts": ";".join(net.get("accounts") or []),
                    "cities": ";".join(c.get("city", "") for c in cities),
                    "risk_trafficking": risk.get("trafficking"),
                    "risk_minor": risk.get("minor"),
                    "formed_by": orjson.dumps(net.get("formed_by") or {}).decode(),
                    "first_seen": min(seen) if seen else None,
                    "last_seen": max(seen) if seen else None,
                }
            )
