"""The investigator's hard case, as a transform over generated ads: networks that rotate
burner phones and keep their photos.

Each trafficking or minor-risk network's ads lose their accounts, IPs, emails and handles, and
get a new phone every `ads_per_phone` ads (a number no other ad uses); their photos stay, as
the generator's re-encoded, resized, cropped, brightened or mirrored copies. Other ads are
unchanged. Linking is then scored per pair of a true network by the evidence the pair has:
a shared phone, only a shared photo, or only text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from math import comb
from typing import Any

from samaritan.generate.corpus import Mix, SiteGenerator, phone_for_index
from samaritan.link.config import LinkConfig
from samaritan.link.graph import Edge, UnionFind, resolve

ROTATING = ("trf-", "min-")  # network ids of trafficking and minor-risk networks


def rotated_corpus(
    n: int, seed: int, images_dir: str, ads_per_phone: int = 3, obfuscation: float = 0.3
) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]]:
    """(ad, truth, entities) per generated ad; `entities` are what an extractor would find in
    the rotated ad (the truth's contacts, with the network's burner phone)."""
    gen = SiteGenerator(n, seed=seed, mix=Mix(obfuscation=obfuscation), images_dir=images_dir)
    windows: dict[str, tuple[int, str]] = {}  # network -> (ads on the current phone, phone)
    for i, (ad, truth) in enumerate(gen):
        entities = {"phones": list(truth["phones"]), "emails": list(truth["emails"]), "handles": list(truth["handles"])}
        net = truth.get("network_id") or ""
        if net.startswith(ROTATING):
            used, phone = windows.get(net, (ads_per_phone, ""))
            if used >= ads_per_phone:
                # Past every slot the generator uses (at most 3 per network, one per other ad).
                digits = phone_for_index(4 * n + i)
                used, phone = 0, f"+1{digits}"
            windows[net] = (used + 1, phone)
            entities = {"phones": [phone], "emails": [], "handles": []}
            ad["poster"] = {}
            truth = dict(truth, phones=[phone], emails=[], handles=[])
        yield ad, truth, entities


def pair_recall(truth: list[dict[str, Any]], network_of: dict[str, str | None], images_of: dict[str, set[str]]) -> dict:
    """Pairwise precision and recall against the true networks, recall split by the evidence a
    true pair has: `phone` (a shared phone), `photo` (no shared contact, a shared base photo),
    `text` (neither); precision also over the pairs that involve an ad of a rotating network
    (small corpora have a few text joins of ordinary ads, whose templates are rare). Also
    counts predicted networks that join two true networks of 5+ ads."""
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in truth:
        if t.get("network_id"):
            members[t["network_id"]].append(t)
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ads in members.values():
        for a, b in combinations(ads, 2):
            if set(a["phones"]) & set(b["phones"]) or set(a["emails"]) & set(b["emails"]):
                kind = "phone"
            elif images_of.get(a["id"], set()) & images_of.get(b["id"], set()):
                kind = "photo"
            else:
                kind = "text"
            found[kind][1] += 1
            net = network_of.get(a["id"])
            found[kind][0] += int(net is not None and net == network_of.get(b["id"]))
    true_of = {t["id"]: t.get("network_id") for t in truth}
    predicted: dict[str, list[str]] = defaultdict(list)
    for ad_id, net in network_of.items():
        if net:
            predicted[net].append(ad_id)
    sizes = {k: len(v) for k, v in members.items()}
    tp = pred_pairs = merges = net_tp = net_pairs = 0
    for ads in predicted.values():
        pred_pairs += comb(len(ads), 2)
        by_true: dict[str | None, int] = defaultdict(int)
        for ad_id in ads:
            by_true[true_of.get(ad_id) or f"single:{ad_id}"] += 1
        tp += sum(comb(v, 2) for v in by_true.values())
        merges += sum(1 for t in by_true if t and sizes.get(t, 0) >= 5) > 1
        # Pairs with at least one ad of a rotating network: the joins photo evidence makes.
        rotating = sum(v for t, v in by_true.items() if t and t.startswith(ROTATING))
        net_pairs += comb(len(ads), 2) - comb(len(ads) - rotating, 2)
        net_tp += sum(comb(v, 2) for t, v in by_true.items() if t and t.startswith(ROTATING))
    true_pairs = sum(v[1] for v in found.values())
    return {
        "pairwise_precision": round(tp / pred_pairs, 4) if pred_pairs else 1.0,
        "pairwise_recall": round(sum(v[0] for v in found.values()) / true_pairs, 4) if true_pairs else 1.0,
        "rotating_network_precision": round(net_tp / net_pairs, 4) if net_pairs else 1.0,
        "recall_by_evidence": {k: round(v[0] / v[1], 4) for k, v in sorted(found.items()) if v[1]},
        "pairs_by_evidence": {k: v[1] for k, v in sorted(found.items())},
        "networks_joining_several_large_true_networks": merges,
    }


def base_images(ad: dict[str, Any]) -> set[str]:
    """The generator's base photo ids an ad shows (its files are img-BASE-VARIANT.png)."""
    out = set()
    for image in ad.get("images", []):
        name = str(image.get("path", "")).rsplit("/", 1)[-1]
        parts = name.split("-")
        if len(parts) >= 3:
            out.add(parts[1])
    return out


def false_pairs_by_evidence(edges: list[Edge], truth: list[dict[str, Any]], config: LinkConfig) -> dict[str, int]:
    """Replays the joins of one run (`Linker._edges`, then `graph.resolve`) and counts the
    false pairs each join made, by the evidence that made it: a strong key's kind, or the
    weaker kinds together ("text", "image_similar+text", ...), with " (chain)" when no edge
    behind the join ties two ads of different true networks (correct evidence that carries
    an earlier false join further). `truth` is in record order."""
    label = [t.get("network_id") or f"single:{t['id']}" for t in truth]
    members: list[dict[str, int]] = [{name: 1} for name in label]
    out: dict[str, int] = defaultdict(int)

    def on_join(uf: UnionFind, made_by: list[Edge], kinds: Any) -> None:
        ra, rb = uf.find(made_by[0].a), uf.find(made_by[0].b)
        left, right = members[ra], members[rb]
        false = sum(left.values()) * sum(right.values()) - sum(v * right.get(k, 0) for k, v in left.items())
        if false:
            wrong = any(label[e.a] != label[e.b] for e in made_by)
            out["+".join(sorted(kinds)) + ("" if wrong else " (chain)")] += false
        for k, v in right.items():
            left[k] = left.get(k, 0) + v
        members[rb] = left  # whichever root the union keeps holds the merged counts

    resolve(len(truth), edges, config, on_join)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))
