"""The Humber demo's active agreements meet the activation rule they would be held to now."""

import pytest
from django.core.management import call_command

from sharing.choices import SIGNED_AGREEMENT_KINDS
from sharing.models import Agreement, AgreementParty, SignedDocument
from sharing.services import agreement_problems

pytestmark = pytest.mark.django_db


def test_every_active_demo_agreement_has_its_signed_copy_or_accepted_reasons(settings):
    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    active = Agreement.objects.filter(status="active", kind__in=SIGNED_AGREEMENT_KINDS)
    assert active.count() >= 4
    for agreement in active:
        assert agreement_problems(agreement) == [], agreement
    # One shows the other way: both parties sign the HIGA copy, accepted by the demo DPO.
    elsewhere = AgreementParty.objects.exclude(signs_elsewhere_reason="")
    assert {p.agreement.title for p in elsewhere} == {"Humberside Police recorded violence ISA"}
    assert all(p.signs_elsewhere_accepted_by.email == "dpo@demo.vpp.test" for p in elsewhere)
    assert all(p.signs_elsewhere_recorded_by.email == "staff@demo.vpp.test" for p in elsewhere)
    # Loading again adds nothing.
    counts = (SignedDocument.objects.count(), AgreementParty.history.count())
    call_command("load_demo")
    assert (SignedDocument.objects.count(), AgreementParty.history.count()) == counts
