"""Small HTTP servers that speak the protocols of the systems Asiointi talks to (demo and tests)."""
