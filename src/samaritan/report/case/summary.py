"""The printable summary an investigator reads first: HTML (images blurred by default; raw ad text
only as evidence files) and the same content as PDF."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fpdf import FPDF

from samaritan.report.evidence import Case
from samaritan.report.narrative import ad_summary

_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def summary_lines(case: Case, created_at: str) -> list[str]:
    labels = sorted({label for ad in case.ads for label in ad.verdict.get("labels", [])})
    cities = sorted(
        {(ad.ad.get("location") or {}).get("city", "") for ad in case.ads if isinstance(ad.ad.get("location"), dict)}
        - {""}
    )
    lines = [
        f"Case packet: {case.subject} on platform {case.platform}",
        f"Prepared {created_at} by Samaritan from the platform's evidence store.",
        f"Ads: {len(case.ads)}; revisions: {sum(len(a.revisions) for a in case.ads)}; images: {len(case.images)}; "
        f"audit entries: {len(case.audit)}.",
        f"Labels: {', '.join(labels) or 'none'}.",
        f"Cities: {', '.join(cities) or 'none stated'}.",
        "Every file in this packet is listed with its SHA-256 in manifest.json, which is signed (manifest.sig) "
        "with the platform's Ed25519 key (public_key.pem). Check it with: samaritan report verify PACKET.zip",
        "",
    ]
    for ad in case.ads:
        lines += [*ad_summary(ad).splitlines(), ""]
    return lines


def summary_html(case: Case, created_at: str) -> str:
    body = "\n".join(f"<p>{escape(line)}</p>" if line else "<hr>" for line in summary_lines(case, created_at))
    images = "".join(
        f'<figure><img src="images/{sha}" alt="evidence image {sha[:12]}" class="blurred">'
        f"<figcaption>{sha}</figcaption></figure>"
        for sha in sorted(case.images)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Case packet: {escape(case.subject)}</title>
<style>
body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 1.4; }}
img.blurred {{ filter: blur(16px) grayscale(1); max-width: 240px; }}
img.blurred:focus, img.blurred:active {{ filter: none; }}
figure {{ display: inline-block; margin: .5rem; }}
</style></head><body>
<h1>Case packet: {escape(case.subject)}</h1>
{body}
<h2>Network</h2><img src="graph.svg" alt="network graph" style="max-width:100%">
<h2>Movement</h2><img src="map.svg" alt="map of cities over time" style="max-width:100%">
<img src="timeline.svg" alt="timeline of postings" style="max-width:100%">
<h2>Images (blurred; press and hold to view)</h2>{images or "<p>None stored.</p>"}
</body></html>
"""


def summary_pdf(case: Case, created_at: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    unicode_font = _FONT.exists()
    if unicode_font:
        pdf.add_font("DejaVu", fname=str(_FONT))
        pdf.set_font("DejaVu", size=10)
    else:  # core fonts are Latin-1 only: other characters become '?', the exact text is in the raw files
        pdf.set_font("Helvetica", size=10)
    for line in summary_lines(case, created_at):
        text = line if unicode_font else line.encode("latin-1", "replace").decode("latin-1")
        pdf.multi_cell(0, 5, text or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
