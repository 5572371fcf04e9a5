"""The synthetic site generator: labelled ads, networks and pattern images; no real person's data."""
