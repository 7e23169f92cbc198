from typing import Any

from django.views.generic import TemplateView

from ..search import GROUP_SIZE, search
from ..search.forms import SearchForm


class SearchView(TemplateView):
    """Every register the user can see, searched at once (``governance.search``).

    Login is required by ``LoginRequiredMiddleware``; each register then needs its own view
    permission and is scoped by ``visible_to``, so the page itself is open to every role.
    """

    template_name = "governance/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Without a ``q`` the page just offers the box; a blank or too long one is an error.
        form = SearchForm(self.request.GET if "q" in self.request.GET else None)
        context["form"] = form
        context["groups"] = None
        context["group_size"] = GROUP_SIZE
        if form.is_valid():
            context["query"] = form.cleaned_data["q"]
            context["groups"] = search(self.request.user, form.cleaned_data["q"])
            context["total"] = sum(group.total for group in context["groups"])
        return context
