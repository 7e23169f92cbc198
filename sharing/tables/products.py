import django_tables2 as tables

from vpp_portal.tables import LinkColumn, RegisterTable, StatusColumn, blanks_last

from ..choices import AGREEING_RESPONSES, ConsultationResponse
from ..models import Consultation, Product
from ..services import product_suppliers


def consultation_summary(product: Product) -> str:
    """Where the suppliers' agreement stands, in words (rule 3); reads prefetched rows only."""
    suppliers = product_suppliers(product) if product.needs_consultation else []
    if not suppliers:
        return "Not needed"
    answers = {c.organisation_id: c.response for c in product.consultations.all()}
    declined = [s.name for s in suppliers if answers.get(s.pk) == ConsultationResponse.DECLINED]
    if declined:
        return f"Declined by {', '.join(declined)}"
    agreed = sum(1 for s in suppliers if answers.get(s.pk) in AGREEING_RESPONSES)
    if agreed == len(suppliers):
        return "All agreed"
    return f"{agreed} of {len(suppliers)} agreed"


class ProductTable(RegisterTable):
    page_by_keys = True

    title = LinkColumn()
    kind = tables.Column()
    audience = tables.Column()
    consultation = tables.Column(
        verbose_name="Suppliers' agreement", orderable=False, empty_values=()
    )
    status = StatusColumn()
    published_on = tables.DateColumn(verbose_name="Published", format="j M Y")

    class Meta:
        model = Product
        fields = ("title", "kind", "audience", "consultation", "status", "published_on")
        order_by = ("title",)

    def render_consultation(self, record: Product) -> str:
        return consultation_summary(record)

    def value_consultation(self, record: Product) -> str:
        return consultation_summary(record)


class ConsultationTable(RegisterTable):
    page_by_keys = True

    product = LinkColumn(
        verbose_name="Product", text=lambda r: str(r.product), order_by=("product__title",)
    )
    organisation = tables.Column(
        verbose_name="Organisation consulted", order_by=("organisation__name",)
    )
    requested_at = tables.DateTimeColumn(verbose_name="Asked", format="j M Y")
    due_on = tables.DateColumn(verbose_name="Answer due", format="j M Y")
    response = StatusColumn(verbose_name="Answer")

    order_due_on = blanks_last("due_on", then="product__title")

    class Meta:
        model = Consultation
        fields = ("product", "organisation", "requested_at", "due_on", "response")
        order_by = ("due_on",)
