"""A trained model's must-pass cases (`samaritan train --check FILE`): labelled ads the new model
must label exactly so through the whole engine, rules and policy included. Cross-validation and
held-out families measure rates; a platform also keeps ads it never wants to get wrong again (a
couch for sale whose seller asks her boyfriend first, a recruitment offer that is trafficking
risk and no commercial-sex offer). A candidate that scored well everywhere else failed on such
ads (docs/learned-model.md, session 49): the check names them in the report before the model
ships."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from samaritan.runs.train_examples import Example

LIMIT = 20  # failures listed in the report by id (all are counted)


def check(examples: Iterable[Example], screen_many: Callable[[list[dict[str, Any]]], Sequence[Any]]) -> dict[str, Any]:
    """Screen every example's ad; a case passes when the verdict's labels are its labels, no more
    and no fewer (an ordinary ad: none). Returns counts and the first failures."""
    cases = list(examples)
    verdicts = screen_many([_ad(e) for e in cases]) if cases else []
    failed = []
    for example, verdict in zip(cases, verdicts, strict=True):
        expected, got = sorted(example.labels), sorted(verdict.labels)
        if expected != got:
            risk = {k: round(v, 3) for k, v in verdict.risk.items()}
            failed.append({"id": verdict.id, "expected": expected, "got": got, "risk": risk})
    lawful = sum(not e.labels for e in cases)
    return {
        "ads": len(cases),
        "lawful": lawful,
        "passed": len(cases) - len(failed),
        "failed": len(failed),
        "lawful_labelled": sum(not f["expected"] for f in failed),
        "first_failures": failed[:LIMIT],
    }


def check_text(result: dict[str, Any]) -> str:
    lines = [
        f"checks: {result['passed']} of {result['ads']} must-pass ads as labelled "
        f"({result['lawful_labelled']} of {result['lawful']} lawful ads labelled)"
    ]
    for f in result["first_failures"]:
        lines.append(f"  {f['id']}: expected {f['expected'] or 'no label'}, got {f['got'] or 'no label'} {f['risk']}")
    if result["failed"] > len(result["first_failures"]):
        lines.append(f"  ... and {result['failed'] - len(result['first_failures'])} more (report.json `checked`)")
    return "\n".join(lines)


def _ad(example: Example) -> dict[str, Any]:
    # The case's own labels are the expectation, never an input the engine could read.
    return {k: v for k, v in example.ad.items() if k != "labels"}
