"""Organisations and contacts, role holders, forums, agreements, data sources and products."""

from datetime import datetime, timedelta

from sharing.choices import (
    AgreementKind,
    AgreementStatus,
    Audience,
    Collection,
    ConsultationResponse,
    DataClassification,
    HolderRole,
    LawfulBasis,
    NewCollectionPurpose,
    OrganisationKind,
    PartyRole,
    ProductKind,
    ProductStatus,
    UpdateFrequency,
)
from sharing.models import (
    Agreement,
    AgreementParty,
    Consultation,
    Contact,
    DataSource,
    Forum,
    Organisation,
    Product,
    RoleHolder,
    SignedDocument,
)

from .base import SeederBase
from .constants import (
    AGREEMENT_PATHS,
    PLACES,
    PRODUCT_PATHS,
    SCALE_PREFIX,
    _path,
)


class SharingSeeder(SeederBase):
    """Organisations and contacts, role holders, forums, agreements, data sources and products."""

    def seed_organisations(self) -> None:
        kinds = [k for k in OrganisationKind.values]
        times, orgs = {}, []
        for number in range(self.count("organisations")):
            org = Organisation(
                name=self.name("Organisation", number),
                kind=self.rng.choice(kinds),
                address=f"{number} High Street, {PLACES[number % len(PLACES)]}",
            )
            times[number] = self.history.timeline()
            self.stamp(org, times[number])
            orgs.append(org)
        self.orgs = self.save_all("organisations", Organisation, orgs)
        self.history_for(self.orgs, times, churn="address")

        contacts, times = [], {}
        for number in range(self.count("contacts")):
            org = self.orgs[number % len(self.orgs)]
            contact = Contact(
                organisation_id=org.pk,
                name=f"{SCALE_PREFIX} Contact {number:06d}",
                role=self.rng.choice(("Data Protection Officer", "Analyst", "IG Lead")),
                email=f"contact{number}@scale.vpp.test",
                phone=f"01482 {number:06d}",
            )
            times[number] = self.history.timeline()
            self.stamp(contact, times[number])
            contacts.append(contact)
        self.history_for(self.save_all("contacts", Contact, contacts), times, churn="role")

        holders, times = [], {}
        roles = list(HolderRole.values)
        for number in range(self.count("role_holders")):
            org = self.orgs[(number // len(roles)) % len(self.orgs)]
            past = number // (len(roles) * len(self.orgs)) > 0
            starts = self.days_ago(800, 1200) if past else self.days_ago(30, 700)
            holder = RoleHolder(
                organisation_id=org.pk,
                role=roles[number % len(roles)],
                name=f"{SCALE_PREFIX} Holder {number:06d}",
                job_title="Head of Information Governance",
                email=f"holder{number}@scale.vpp.test",
                starts_on=starts,
                ends_on=self.days_ago(701, 799) if past else None,
            )
            times[number] = self.history.timeline()
            self.stamp(holder, times[number])
            holders.append(holder)
        self.history_for(
            self.save_all("role holders", RoleHolder, holders), times, churn="job_title"
        )

    def seed_forums(self) -> None:
        forums, times = [], {}
        for number in range(self.count("forums")):
            forum = Forum(
                name=self.name("Forum", number),
                acronym=f"SF{number}",
                purpose="Information sharing between members",
            )
            times[number] = self.history.timeline()
            self.stamp(forum, times[number])
            forums.append(forum)
        self.forums = self.save_all("forums", Forum, forums)
        self.history_for(self.forums, times, churn="purpose")
        through = Forum.members.through
        links = []
        for forum in self.forums:
            for org in self.rng.sample(self.orgs, min(len(self.orgs), self.rng.randint(5, 15))):
                links.append(through(forum_id=forum.pk, organisation_id=org.pk))
        self.save_all("forum members", through, links, links=True)

    def seed_agreements(self) -> None:
        agreements, times, parties_of = [], {}, {}
        statuses = (
            AgreementStatus.ACTIVE, AgreementStatus.DRAFTING, AgreementStatus.IN_NEGOTIATION,
            AgreementStatus.EXPIRED, AgreementStatus.TERMINATED,
        )  # fmt: skip
        for number in range(self.count("agreements")):
            kind = self.rng.choices(
                (AgreementKind.ISA, AgreementKind.ART28, AgreementKind.MOU,
                 AgreementKind.FORUM_AIP), (60, 15, 15, 10),
            )[0]  # fmt: skip
            status = self.rng.choices(statuses, (70, 8, 8, 10, 4))[0]
            if number < 2:  # at any size, an active and an expired ISA to point to
                kind = AgreementKind.ISA
                status = (AgreementStatus.ACTIVE, AgreementStatus.EXPIRED)[number]
            personal = kind in (AgreementKind.ISA, AgreementKind.ART28)
            starts = self.days_ago(100, 1000) if status != AgreementStatus.DRAFTING else None
            if status == AgreementStatus.EXPIRED:
                expires = self.days_ago(1, 90)
            elif status == AgreementStatus.ACTIVE and self.rng.random() < 0.1:
                expires = self.days_ahead(1, 90)  # expiring soon
            else:
                expires = self.days_ahead(91, 1100)
            review_overdue = status == AgreementStatus.ACTIVE and self.rng.random() < 0.08
            agreement = Agreement(
                title=self.name("Agreement", number),
                reference=f"SCALE-AGR-{number:06d}",
                kind=kind,
                via_forum_id=self.rng.choice(self.forums).pk if kind == "forum_aip" else None,
                purpose="Sharing to reduce serious violence",
                lawful_basis=LawfulBasis.PUBLIC_TASK if personal else "",
                legal_power="Crime and Disorder Act 1998 s115" if personal else "",
                data_items="Incident counts by area",
                allows_personal_data=personal,
                starts_on=starts,
                review_on=self.days_ago(1, 60) if review_overdue else self.days_ahead(10, 400),
                expires_on=expires,
                owner_id=self.rng.choice(self.users),
                status=status,
            )
            chosen = self.rng.sample(self.orgs, self.rng.randint(2, 3))
            joint = self.rng.random() < 0.15
            parties_of[number] = [
                (org, PartyRole.JOINT_CONTROLLER if joint and i < 2 else
                 (PartyRole.CONTROLLER if i == 0 else PartyRole.RECIPIENT))
                for i, org in enumerate(chosen)
            ]  # fmt: skip
            if joint:
                agreement.art26_arrangement = "Each controller answers requests about its data."
            times[number] = self.history.timeline()
            self.stamp(agreement, times[number])
            agreements.append(agreement)
        self.agreements = self.save_all("agreements", Agreement, agreements)
        self.history_for(
            self.agreements,
            times,
            statuses=lambda a: _path(a.status, AGREEMENT_PATHS),  # type: ignore[arg-type]
            churn="data_items",
        )
        parties: list[AgreementParty] = []
        documents: list[SignedDocument] = []
        party_times: dict[int, list[datetime]] = {}
        document_times: dict[int, list[datetime]] = {}
        self.party_orgs = {}
        for number, agreement in enumerate(self.agreements):
            self.party_orgs[agreement.pk] = [org.pk for org, _ in parties_of[number]]
            for org, role in parties_of[number]:
                party = AgreementParty(agreement_id=agreement.pk, organisation_id=org.pk, role=role)
                party_times[len(parties)] = self.history.timeline(self.rng.randint(2, 4))
                self.stamp(party, party_times[len(parties)])
                parties.append(party)
            if agreement.status in (
                AgreementStatus.ACTIVE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED,
            ) and agreement.kind != AgreementKind.FORUM_AIP:  # fmt: skip
                document = SignedDocument(
                    agreement_id=agreement.pk,
                    title="Signed copy",
                    file="agreements/scale/signed-copy.pdf",
                    original_name="signed-copy.pdf",
                    content_type="application/pdf",
                    size=10_240,
                    sha256="0" * 64,
                )
                document_times[len(documents)] = self.history.timeline(1)
                self.stamp(document, document_times[len(documents)])
                documents.append(document)
        self.history_for(self.save_all("agreement parties", AgreementParty, parties), party_times)
        self.history_for(
            self.save_all("signed documents", SignedDocument, documents), document_times
        )
        self.active_personal = [
            a for a in self.agreements if a.is_active and a.allows_personal_data
        ]
        self.expired = [a for a in self.agreements if a.status == AgreementStatus.EXPIRED]

    def seed_sources(self) -> None:
        sources, times, imported = [], {}, set()
        for number in range(self.count("data_sources")):
            classification = self.rng.choices(DataClassification.values, (30, 15, 55))[0]
            source = DataSource(
                name=self.name("Data source", number),
                description="Counts by ward and month",
                classification=classification,
                location="OPCC SharePoint",
                owner_id=self.rng.choice(self.users),
            )
            if classification == DataClassification.OPEN:
                source.url = f"https://data.example.test/{number}"
                source.publisher = "Office for National Statistics"
                source.licence = "Open Government Licence"
                source.update_frequency = self.rng.choice(
                    (UpdateFrequency.MONTHLY, UpdateFrequency.QUARTERLY, UpdateFrequency.ANNUALLY)
                )
                source.last_refreshed_on = self.days_ago(1, 400)
            elif classification == DataClassification.ONE_OFF_PUBLIC:
                source.citation = f"Violence in the Humber, report {number}"
                source.published_on = self.days_ago(100, 2000)
            else:
                legacy = self.legacy()
                pool = self.expired if legacy and self.expired else self.active_personal
                if pool is self.expired:
                    imported.add(number)
                agreement = self.rng.choice(pool)
                source.covering_agreement_id = agreement.pk
                source.supplier_id = self.rng.choice(self.party_orgs[agreement.pk])
                source.justification = "Open data does not hold incidents below ward level."
                source.collection = self.rng.choice(Collection.values)
                if source.collection == Collection.NEW:
                    source.new_collection_purpose = self.rng.choice(NewCollectionPurpose.values)
                source.has_personal_data = self.rng.random() < 0.5
                if source.has_personal_data:
                    source.has_special_category_data = self.rng.random() < 0.2
                    source.has_criminal_offence_data = self.rng.random() < 0.3
            if self.rng.random() < 0.5:
                source.retention_rule = self.rng.choice(self.rules)
                source.retention_trigger_on = self.days_ago(30, 1500)
            source.derive_due_dates()
            times[number] = self.history.timeline()
            self.stamp(source, times[number])
            sources.append(source)
        self.sources = self.save_all("data sources", DataSource, sources)
        self.history_for(self.sources, times, churn="description", imported=imported)
        self.partner_sources = [
            s for s in self.sources if s.classification == DataClassification.PARTNER_SHARED
        ]

    def seed_products(self) -> None:
        products, times, used = [], {}, {}
        for number in range(self.count("products")):
            audience = self.rng.choices(Audience.values, (40, 40, 20))[0]
            chosen = self.rng.sample(self.sources, self.rng.randint(1, 4))
            status = self.rng.choices(
                (ProductStatus.DRAFT, ProductStatus.AWAITING_CONSULTATION, ProductStatus.READY,
                 ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN), (20, 20, 15, 40, 5),
            )[0]  # fmt: skip
            if audience == Audience.INTERNAL and status == ProductStatus.AWAITING_CONSULTATION:
                status = ProductStatus.READY
            product = Product(
                title=self.name("Product", number),
                kind=self.rng.choice(ProductKind.values),
                audience=audience,
                description="Monthly briefing for the partnership",
                owner_id=self.rng.choice(self.users),
                status=status,
                published_on=self.days_ago(1, 300)
                if status in (ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN)
                else None,
            )
            used[number] = chosen
            times[number] = self.history.timeline()
            self.stamp(product, times[number])
            products.append(product)
        self.products = self.save_all("products", Product, products)
        self.history_for(
            self.products,
            times,
            statuses=lambda p: _path(p.status, PRODUCT_PATHS),  # type: ignore[arg-type]
            churn="description",
        )
        through = Product.data_sources.through
        self.save_all(
            "product sources",
            through,
            [
                through(product_id=product.pk, datasource_id=source.pk)
                for number, product in enumerate(self.products)
                for source in used[number]
            ],
            links=True,
        )
        self.live_products_of = {}
        consultations: list[Consultation] = []
        ctimes: dict[int, list[datetime]] = {}
        for number, product in enumerate(self.products):
            suppliers = {
                s.supplier_id
                for s in used[number]
                if s.classification == DataClassification.PARTNER_SHARED
            }
            for source in used[number]:
                if product.status in (ProductStatus.PUBLISHED, ProductStatus.READY):
                    self.live_products_of.setdefault(source.pk, product.pk)
            if product.audience == Audience.INTERNAL or product.status == ProductStatus.DRAFT:
                continue
            needs_agreement = product.status in (
                ProductStatus.READY, ProductStatus.PUBLISHED, ProductStatus.WITHDRAWN,
            )  # fmt: skip
            for index, supplier in enumerate(sorted(s for s in suppliers if s)):
                if needs_agreement and not (index == 0 and self.legacy()):
                    response = self.rng.choice(
                        (ConsultationResponse.AGREED, ConsultationResponse.AGREED_WITH_CONDITIONS)
                    )
                else:
                    response = ConsultationResponse.PENDING
                asked = self.now - timedelta(days=self.rng.randint(5, 200))
                answered = response != ConsultationResponse.PENDING
                consultation = Consultation(
                    product_id=product.pk,
                    organisation_id=supplier,
                    requested_at=asked,
                    requested_by_id=self.rng.choice(self.users),
                    due_on=(asked + timedelta(days=28)).date(),
                    response=response,
                    conditions="Aggregate to ward level"
                    if response == ConsultationResponse.AGREED_WITH_CONDITIONS
                    else "",
                    responded_at=asked + timedelta(days=self.rng.randint(1, 20))
                    if answered
                    else None,
                )
                ctimes[len(consultations)] = self.history.timeline(self.rng.randint(1, 3))
                self.stamp(consultation, ctimes[len(consultations)])
                consultations.append(consultation)
        self.history_for(self.save_all("consultations", Consultation, consultations), ctimes)
