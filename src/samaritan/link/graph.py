"""Union-find with evidence: strong links join at once, weaker ones only together.

A strong link (a shared phone, email, handle or account, or `previous_id`) joins two ads.
Medium and weak evidence (a reused photo, near-duplicate text, a shared IP) adds up per pair
of components. The pair joins when the total reaches 1.0, or when the smaller side is tiny
(a lone re-post finding its network). Weak evidence alone never joins two large networks, and
near-duplicate text alone joins only two tiny sides (`join.text_alone_max`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from samaritan.link.config import LinkConfig


@dataclass(frozen=True, slots=True)
class Edge:
    a: int
    b: int
    via: str  # "phone:+17025550123", "text:0.91", ...
    kind: str
    strength: float  # from the link rules (data/link.yaml)


def joins(kinds: Mapping[str, float], smaller: int, larger: int, config: LinkConfig) -> bool:
    """The one join rule, for batch and incremental linking alike: `kinds` is the strongest
    evidence of each kind between two sides, `smaller` and `larger` the sizes of the two sides.
    Any strong key joins; weaker kinds join when they add up, or attach a side of a few ads.
    Near-duplicate text alone joins only when both sides are tiny: one-off ads echo the
    listings of benign businesses and each other, and text-only joins chain them into large
    false networks; a network's own re-posts keep a photo or a contact as well."""
    if any(v >= 1.0 for v in kinds.values()):
        return True
    total = sum(kinds.values())
    if total >= config.join_threshold:
        return True
    if smaller > config.small_component or total < config.small_threshold:
        return False
    return set(kinds) != {"text"} or larger <= config.text_alone_max


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return True


# Told of each join before it is made: (components, the edges that make it, evidence by kind).
OnJoin = Callable[["UnionFind", list[Edge], Mapping[str, float]], None]


def resolve(
    n: int, edges: list[Edge], config: LinkConfig, on_join: OnJoin | None = None
) -> tuple[UnionFind, list[Edge]]:
    """Join ads along the edges the rules allow; returns the components and the edges used.
    `on_join` (for diagnostics: which evidence made which join) sees each join first."""
    uf = UnionFind(n)
    used: list[Edge] = []
    for edge in edges:
        if edge.strength >= 1.0:
            if on_join is not None and uf.find(edge.a) != uf.find(edge.b):
                on_join(uf, [edge], {edge.kind: edge.strength})
            uf.union(edge.a, edge.b)
            used.append(edge)
    weaker = [e for e in edges if e.strength < 1.0]
    changed = True
    while changed and weaker:
        changed = False
        kinds: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
        between: dict[tuple[int, int], list[Edge]] = defaultdict(list)
        for edge in weaker:
            ra, rb = uf.find(edge.a), uf.find(edge.b)
            if ra == rb:
                continue
            pair = (ra, rb) if ra < rb else (rb, ra)
            if on_join is not None:
                between[pair].append(edge)
            # Evidence of one kind counts once per pair: ten shared photos are one photo signal.
            kinds[pair][edge.kind] = max(kinds[pair].get(edge.kind, 0.0), edge.strength)
        for (ra, rb), by_kind in sorted(kinds.items(), key=lambda item: -sum(item[1].values())):
            if uf.find(ra) == uf.find(rb):
                continue
            sizes = sorted((uf.size[uf.find(ra)], uf.size[uf.find(rb)]))
            if joins(by_kind, sizes[0], sizes[1], config):
                if on_join is not None:
                    on_join(uf, between[(ra, rb)], by_kind)
                uf.union(ra, rb)
                changed = True
        remaining = []
        for edge in weaker:
            if uf.find(edge.a) == uf.find(edge.b):
                used.append(edge)
            else:
                remaining.append(edge)
        weaker = remaining
    return uf, used
