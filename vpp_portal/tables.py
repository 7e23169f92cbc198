"""The base table every register list uses (rendered by ``templates/includes/_table.html``)."""

import django_tables2 as tables


class RegisterTable(tables.Table):
    @property
    def verbose_name_plural(self) -> str:
        """What the rows are, for "Showing 1 to 25 of 120 organisations"."""
        model = self._meta.model
        return str(model._meta.verbose_name_plural) if model else "records"
