"""Split by register: one module per area, imported from here."""
