import django_filters

from vpp_portal.filters import RegisterFilterSet

from ..choices import Audience, ConsultationResponse, ProductStatus
from ..models import Consultation, Product


class ProductFilterSet(RegisterFilterSet):
    audience = django_filters.ChoiceFilter(choices=Audience.choices, empty_label="Any audience")
    status = django_filters.ChoiceFilter(choices=ProductStatus.choices, empty_label="Any status")

    class Meta:
        model = Product
        fields = ("q", "audience", "status")


class ConsultationFilterSet(RegisterFilterSet):
    response = django_filters.ChoiceFilter(
        label="Answer", choices=ConsultationResponse.choices, empty_label="Any answer"
    )

    class Meta:
        model = Consultation
        fields = ("q", "response")
