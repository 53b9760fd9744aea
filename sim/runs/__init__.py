"""The runs layer: scenarios, run settings, single runs, sweep designs and the files they leave."""
