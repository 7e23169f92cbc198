from .policies import PolicyForm

__all__ = ["PolicyForm"]
