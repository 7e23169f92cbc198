"""Views of the ROPA registers, one module per area."""
