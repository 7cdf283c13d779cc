"""The bundled reference dataset's version and vintage (src/ramstein/data, see its README).

Bump both when the data changes: `ramstein init` (and the first start) on an existing database adds
the new reference rows of a newer version and records the upgrade as an event.
"""

from __future__ import annotations

import datetime as dt

DATASET = "reference-2026.12"
# the day the bundled PURL figures were last checked against public reporting
DATA_AS_OF = dt.date(2026, 12, 1)
