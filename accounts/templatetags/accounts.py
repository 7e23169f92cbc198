"""Template filters about the signed-in user's account."""

from django import template
from django.contrib.auth.base_user import AbstractBaseUser

from accounts.mfa import mfa_required as _mfa_required

register = template.Library()


@register.filter
def mfa_required(user: AbstractBaseUser) -> bool:
    """``{% if user|mfa_required %}``: the user's role must use two-factor authentication."""
    return _mfa_required(user)
