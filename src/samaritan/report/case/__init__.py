"""The law-enforcement case packet: a signed zip of every piece of evidence about an ad or network."""
