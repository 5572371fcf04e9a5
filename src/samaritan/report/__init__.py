"""Reports that act on verdicts: the NCMEC CyberTipline report, the law-enforcement case packet and
the EU Digital Services Act statement of reasons. Each reads the evidence store and writes a file
that is validated before it leaves."""
