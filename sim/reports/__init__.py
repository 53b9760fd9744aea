"""The reports layer: a run's HTML report, sweep analysis, stylized facts and MODEL.md's generated parts."""
