from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def elided_pages(page: Page) -> list[Any]:
    """Page numbers around the current one, with ``…`` where runs are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
