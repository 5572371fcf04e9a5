"""Runners: feed streams of ads through the engine and link stages (local, worker processes, Dask),
plus the evaluation, robustness and demo runs built on them."""
