"""Requests from individuals: the statutory clocks (``clocks``), pure date arithmetic."""
