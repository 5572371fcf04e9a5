"""The decision stage: the one place that turns evidence into allow / review / block.

Two steps, both pure and used by every edge (CLI, batch and Dask runners, the service):

- `decide` turns an ad's assessment into a decision and a priority under the policy.
- `apply_network` adds what linking knows (a re-post of a blocked ad that dropped its
  indicators; a strong contact shared with an ad blocked for trafficking or minor risk) and may
  raise an `allow` to `review`. It never lowers a decision. Linking only reports those facts;
  the service and `samaritan link` pass them in here instead of deciding themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from samaritan.engine.assessment import Assessment
from samaritan.engine.policy import Policy

SEVERITY = {"allow": 0, "review": 1, "block": 2}
PRIORITIES = ("none", "low", "medium", "high", "urgent")
# Labels whose ads are held (legal preservation) and whose contacts put other ads under review.
HOLD_LABELS = frozenset({"trafficking_risk", "minor_risk"})
# Link evidence strong enough to carry suspicion from a blocked ad to a new one.
STRONG_VIA = ("phone:", "email:", "handle:", "account:", "image_sha256:")


def decide(section: str, assessment: Assessment, policy: Policy) -> tuple[str, str]:
    """(decision, priority) for one ad: the most severe action the policy gives any outcome."""
    outcomes = tuple(assessment.labels) or (("uncertain",) if assessment.uncertain else ("ordinary",))
    # The same few (section, outcomes) come back ad after ad: each policy's answer is looked up
    # once (a policy is never changed once loaded; `is` guards against a reused id).
    key = (id(policy), section, outcomes)
    known = _DECISIONS.get(key)
    if known is None or known[0] is not policy:
        if len(_DECISIONS) >= _DECISIONS_MAX:
            _DECISIONS.clear()
        decision = max((policy.action(section, o) for o in outcomes), key=SEVERITY.__getitem__)
        known = _DECISIONS[key] = (policy, decision)
    return known[1], priority(assessment, known[1], policy)


# (id(policy), section, outcomes) -> (policy, decision); bounded, as sections come from ads.
_DECISIONS: dict[tuple[int, str, tuple[str, ...]], tuple[Policy, str]] = {}
_DECISIONS_MAX = 4096


def priority(a: Assessment, decision: str, policy: Policy) -> str:
    if "minor_risk" in a.labels:
        return "urgent" if a.minor >= policy.urgent.minor_risk else "high"
    if "trafficking_risk" in a.labels:
        return "high" if a.trafficking >= 0.8 else "medium"
    if a.labels or decision != "allow":
        return "low"
    return "none"


def apply_network(
    verdict: Mapping[str, Any],
    line: Mapping[str, Any],
    earlier: Callable[[str], Mapping[str, Any] | None],
    policy: Policy,
) -> dict[str, Any]:
    """The verdict with its network context: `line` is the ad's link line (network id, links,
    `repost_of_blocked` and its reasons); `earlier(link_id)` returns the verdict summary of a
    linked ad (decision, labels) or None. Returns a new dict; `verdict` is not changed."""
    out = dict(verdict)
    reasons = list(out.get("reasons", []))
    network: dict[str, Any] = {"network_id": line.get("network_id"), "links": list(line.get("links", []))}
    escalate: list[str] = []
    if line.get("repost_of_blocked"):
        network["repost_of_blocked"] = str(line["repost_of_blocked"]).rsplit("@", 1)[0]
        escalate.extend(line.get("reasons", []))
    for link in line.get("links", []):
        if not str(link["via"]).startswith(STRONG_VIA):
            continue
        other = earlier(link["id"])
        held = HOLD_LABELS & set(other.get("labels", [])) if other else set()
        if other and other.get("decision") == "block" and held:
            ad_id = str(link["id"]).rsplit("@", 1)[0]
            kind = str(link["via"]).split(":", 1)[0]
            escalate.append(f"Shares {kind} with ad {ad_id}, blocked for {', '.join(sorted(held))}.")
            break
    out["network"] = network
    if escalate and out.get("decision") == "allow" and policy.network_review:
        out["decision"] = "review"
        if PRIORITIES.index(out.get("priority", "none")) < PRIORITIES.index("medium"):
            out["priority"] = "medium"
    for reason in escalate:
        if reason not in reasons:
            reasons.append(reason)
    out["reasons"] = reasons
    return out


def is_held(labels: list[str] | set[str] | tuple[str, ...]) -> bool:
    """Evidence of ads with these labels is preserved for at least the policy's hold period."""
    return bool(HOLD_LABELS & set(labels))


def apply_matches(verdict: Mapping[str, Any], matches: list[dict[str, Any]]) -> dict[str, Any]:
    """The verdict with hash-bank matches (`banks.matcher.indicators`): each is an indicator,
    and its bank's action (block, review or none) may raise the decision, never lower it.
    Matches already on the verdict are not added twice. Returns a new dict."""
    out = dict(verdict)
    have = {(i.get("field"), i.get("bank")) for i in out.get("indicators", []) if i.get("code") == "HASH_BANK_MATCH"}
    new = [m for m in matches if (m["field"], m["bank"]) not in have]
    if not new:
        return out
    out["indicators"] = [*out.get("indicators", []), *new]
    reasons = list(out.get("reasons", []))
    decision = out.get("decision", "allow")
    for m in new:
        kind = "PDQ distance" if m["signal_type"] == "pdq" else m["signal_type"].upper()
        detail = f"{kind} {m['distance']}" if m["signal_type"] == "pdq" else f"{kind} exact"
        reasons.append(f"Image {m['field']} matches hash bank {m['bank']} ({detail}).")
        if m["action"] in SEVERITY and SEVERITY[m["action"]] > SEVERITY[decision]:
            decision = m["action"]
    if decision != out.get("decision"):
        out["decision"] = decision
        floor = "high" if decision == "block" else "medium"
        if PRIORITIES.index(out.get("priority", "none")) < PRIORITIES.index(floor):
            out["priority"] = floor
    out["reasons"] = reasons
    return out
