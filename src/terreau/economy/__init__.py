"""Resources, costs, useful effects, indicators and simulators of a cooperation's economic model."""
