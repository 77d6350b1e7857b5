"""The demo (``asiointi load_demo``, loaded by ``asiointi serve`` on the first start in demo mode).

Each app keeps its own demo data in its ``demo`` module; this app sits above them all and loads
them in order (``asiointi.demo.loading``), so that no core app imports a domain app for the demo.
It has no models.
"""
