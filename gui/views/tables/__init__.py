"""Tables: result tables and the routing table over the results and the scenario."""
