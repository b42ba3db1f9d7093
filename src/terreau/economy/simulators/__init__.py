"""The three economic simulators (matched crowdfunding, territorial pooled fund, shared savings):
`amounts` (limits, parsing, rounding to the cent) and `engine` (pure functions over dataclasses),
then the ways in: `forms`/`views`/`urls` (the pages), `api` and `cli`. The engine's names are
re-exported here, so `from terreau.economy import simulators as sim` reads `sim.pooled_fund`."""

from terreau.economy.simulators.amounts import *  # noqa: F403
from terreau.economy.simulators.engine import *  # noqa: F403
