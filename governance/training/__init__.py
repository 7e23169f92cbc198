"""Training and awareness: courses, training records, start dates and who is due what.

The models live in ``governance.models.training``; this package holds the register's
choices, querysets, the rules that say who is in date (as SQL conditions), filters and tables.
"""
