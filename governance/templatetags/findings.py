"""``{% problems_panel object %}``: a record's own compliance findings, on its page.

One place every detail page gets its panel from, so ``vpp_portal``'s shared layout never
imports ``governance``. Internal users only: findings are about the partnership's compliance,
and a partner's view of a record stays what ``visible_to`` lets them see. It costs one query
for every finding kind about the record's model together (none for a model no kind is about),
and one read of the record only when it has findings.
"""

from typing import Any

from django import template

from ..findings import findings_for
from ..views.findings import FINDINGS_PERMISSION

register = template.Library()


@register.inclusion_tag("governance/includes/_problems_panel.html", takes_context=True)
def problems_panel(context: template.Context, record: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        record is None
        or getattr(record, "pk", None) is None
        or user is None
        or getattr(user, "is_partner", False)
        or not user.has_perm(FINDINGS_PERMISSION)
    ):
        return {"findings": []}
    return {"findings": findings_for(record)}
