"""The SIRO's accountability dashboard: one panel per category of the ICO's Accountability
Framework, computed live from the registers.

Public API (the dashboard page and the Board report import these names): ``Figure``,
``Panel``, ``build_panels``. Each panel's status comes from its category's findings
(``governance.findings``); each figure carries the URL of the filtered list that shows exactly
the rows it counts. The cost is fixed whatever the number of rows: one conditional aggregate
per register table, plus the findings' one query per kind.
"""

from .panels import Figure, Panel, build_panels

__all__ = ["Figure", "Panel", "build_panels"]
