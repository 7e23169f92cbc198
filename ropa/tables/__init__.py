"""One module per area."""
