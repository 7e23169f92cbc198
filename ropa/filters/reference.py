from vpp_portal.filters import RegisterFilterSet


class VocabularyFilterSet(RegisterFilterSet):
    """Search a reference list by term or description."""
