"""factory_boy factories for the registers and users."""

import factory

from accounts.choices import Role
from accounts.models import User
from sharing.choices import OrganisationKind
from sharing.models import Organisation

TEST_PASSWORD = "correct-horse-battery-staple"
#: The authenticator-app secret (base32) every test user with two-factor authentication gets.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Organisation {n:04d}")
    kind = OrganisationKind.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = Role.STAFF

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def with_mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Roles that must use two-factor authentication get an authenticator app (secret
        ``TEST_TOTP_SECRET``), so tests can sign them in; ``with_mfa=False`` leaves it out (to
        test the set-up redirect), ``with_mfa=True`` adds it for any role."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        from accounts.mfa import mfa_required

        wanted = mfa_required(self) if extracted is None else extracted
        if not (create and wanted):
            return
        if not Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(self, TEST_TOTP_SECRET)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.Contact"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "Data Protection Officer"
    email = factory.Sequence(lambda n: f"contact{n}@partner.test")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.Forum"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Forum {n}")
    acronym = factory.Sequence(lambda n: f"F{n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.members.set(extracted)


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement; ``parties=[(organisation, role), ...]`` adds its parties."""

    class Meta:
        model = "sharing.Agreement"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Agreement {n}")
    kind = "isa"
    purpose = "Reducing serious violence through shared analysis."
    status = "drafting"

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        from sharing.models import AgreementParty

        for organisation, role in extracted or ():
            AgreementParty.objects.create(agreement=self, organisation=organisation, role=role)


class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.DataSource"

    name = factory.Sequence(lambda n: f"Data source {n}")
    classification = "open"
    url = "https://data.police.uk/"
    publisher = "Home Office"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.Product"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Product {n}")
    kind = "report"
    audience = "partners"

    @factory.post_generation
    def data_sources(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.data_sources.set(extracted)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.Consultation"

    product = factory.SubFactory(ProductFactory)
    organisation = factory.SubFactory(OrganisationFactory)
