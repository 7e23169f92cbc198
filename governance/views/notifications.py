"""Everyone's own notifications: the list, opening one (which marks it read), marking read, and
which kinds also come by e-mail.

Every signed-in user has these pages, partners included; each reads and writes only the
user's own rows, so another user's notification is a 404.
"""

from typing import Any

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, TemplateView

from ..context_processors import unread_notifications
from ..forms.notifications import NotificationSettingsForm
from ..models import Notification
from ..selectors import email_choices, notifications_for
from ..services.notifications import (
    email_preferences_save,
    notification_mark_read,
    notifications_mark_all_read,
)

READ_STATES = (("unread", "Unread"), ("read", "Read"))


class NotificationFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Show",
        choices=READ_STATES,
        empty_label="All",
        method="filter_state",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Notification
        fields = ("state",)

    def filter_state(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(read_at__isnull=value == "unread") if value else queryset

    @property
    def form(self) -> Any:
        form = super().form
        if not hasattr(form, "helper"):
            helper = FormHelper()
            helper.form_method = "get"
            helper.attrs = {"role": "search", "aria-label": "Filter your notifications"}
            helper.layout = Layout(
                Field.radios("state", legend_size=Size.SMALL, small=True),
                Div(Button("filter", "Apply filter"), css_class="govuk-button-group"),
            )
            form.helper = helper
        return form


def _back(request: HttpRequest) -> str:
    """Where a button on the list returns to: the page it was pressed on, if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("governance:notification_list")


class NotificationListView(TemplateView):
    """The signed-in user's notifications, newest first, unread ones tagged "Unread"."""

    template_name = "governance/notification_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request = self.request
        data = request.GET.copy()
        data.setdefault("state", "")  # so that "All" shows as chosen
        filterset = NotificationFilterSet(data, queryset=notifications_for(request.user))
        # ``get_page`` falls back to the last page for a page number that no longer exists
        # (e.g. after marking the last unread one on it read), rather than a 404.
        page = Paginator(filterset.qs, self.paginate_by).get_page(request.GET.get("page"))
        badge = unread_notifications(request)
        context.update(
            filter=filterset,
            page=page,
            notifications=list(page),
            unread_count=badge.count if badge else 0,
            state=filterset.form.cleaned_data.get("state", ""),
            here=request.get_full_path(),
        )
        return context


class NotificationOpenView(View):
    """Follow a notification to its record, marking it read on the way."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            notification = notification_mark_read(actor=request.user, notification_id=pk)
        except Notification.DoesNotExist:
            raise Http404("No such notification") from None
        target = notification.url
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("governance:notification_list")
        return HttpResponseRedirect(target)


class NotificationReadView(View):
    """POST: mark one of the user's notifications read, and go back to the list."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            notification = notification_mark_read(actor=request.user, notification_id=pk)
        except Notification.DoesNotExist:
            raise Http404("No such notification") from None
        messages.success(request, f"Marked as read: {notification.title}.")
        return HttpResponseRedirect(_back(request))


class NotificationReadAllView(View):
    """POST: mark all the user's notifications read."""

    def post(self, request: HttpRequest) -> HttpResponse:
        count = notifications_mark_all_read(actor=request.user)
        if count:
            plural = "" if count == 1 else "s"
            messages.success(request, f"Marked {count} notification{plural} as read.")
        else:
            messages.info(request, "You have no unread notifications.")
        return HttpResponseRedirect(_back(request))


class NotificationSettingsView(FormView):
    """One box per kind of reminder: whether it also comes by e-mail."""

    template_name = "governance/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        self.choices = email_choices(self.request.user)
        kwargs = super().get_form_kwargs()
        kwargs["kinds"] = list(self.choices)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"email_kinds": [kind for kind, wanted in self.choices.items() if wanted]}

    def form_valid(self, form: NotificationSettingsForm) -> HttpResponse:
        email_preferences_save(
            actor=self.request.user, kinds=form.kinds, wanted=form.cleaned_data["email_kinds"]
        )
        messages.success(self.request, "Your e-mail settings have been saved.")
        return HttpResponseRedirect(reverse("governance:notification_settings"))
