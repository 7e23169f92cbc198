"""Processing activities, retention rules and disposals (registers arrive with the ROPA issue)."""
