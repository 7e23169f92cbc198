from vpp_portal.querysets import RegisterQuerySet


class PolicyQuerySet(RegisterQuerySet):
    """Policies are internal: partners see none (``RegisterQuerySet.for_partner``)."""

    search_fields = ("title", "version", "decision")

    def with_related(self):  # type: ignore[no-untyped-def]
        return super().with_related().select_related("owner_organisation")

    def in_force(self):  # type: ignore[no-untyped-def]
        return self.filter(status="in_force")
