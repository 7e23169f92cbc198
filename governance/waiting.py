"""What waits for one person, for the top of their home page: each line a count in words
linking to the list or queue filtered to exactly those rows.

Every line reuses the conditions its page uses (the queues, the list filters' queryset
methods), so the count and the page behind the link agree. A fixed number of queries per role,
whatever the number of rows: the DPIA lines share one conditional aggregate, the others one
COUNT (or one aggregate) each, asked only of whom they concern.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.deciders import DPO_DEPUTY_ROLE
from ropa.models import ProcessingActivity
from ropa.selectors import disposals_awaiting_count
from sharing.models import Agreement, Consultation
from sharing.selectors import signs_elsewhere_to_accept

from .choices import DpiaStatus
from .models import Breach, Policy
from .querysets import review_due_condition
from .selectors import (
    DIRECTOR_QUEUE,
    REVIEW_QUEUE,
    SIRO_QUEUE,
    dpia_tallies,
    queue_conditions,
)
from .selectors.policy_reading import to_confirm_for
from .services.breaches import MANAGE


@dataclass(frozen=True)
class Waiting:
    """One line: "3 DPIAs waiting for your review, the oldest for 12 days"."""

    slug: str
    count: int
    text: str
    url: str


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _days(oldest: datetime | None, today: date) -> str:
    if oldest is None:
        return ""
    days = (today - timezone.localtime(oldest).date()).days
    if days <= 0:
        return ", the oldest since today"
    return f", the oldest for {_plural(days, 'day')}"


def _url(name: str, **params: Any) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(params)}" if params else url


def _dpia_lines(user: Any, today: date) -> tuple[list[Waiting], list[Waiting]]:
    """The DPIA queues ``user`` works, then their returned DPIAs and the reviews of DPIAs they
    keep under review: all counted by one conditional aggregate over the DPIA table."""
    conditions = {
        **queue_conditions(user),
        "returned": (Q(author=user, status=DpiaStatus.RETURNED), None),
        "reviews": (review_due_condition(today) & Q(review_owner=user), None),
    }
    tallies = dpia_tallies(user, conditions)
    lines = []
    if "review" in tallies:
        review = tallies["review"]
        lines.append(
            Waiting(
                "review-queue",
                review.count,
                f"{_plural(review.count, 'DPIA')} waiting for your review"
                f"{_days(review.oldest, today)}",
                reverse(REVIEW_QUEUE),
            )
        )
    if "director" in tallies:
        director = tallies["director"]
        lines.append(
            Waiting(
                "director-queue",
                director.count,
                f"{_plural(director.count, 'DPIA')} waiting for your sign-off"
                f"{_days(director.oldest, today)}",
                reverse(DIRECTOR_QUEUE),
            )
        )
    if "siro" in tallies:
        url = reverse(SIRO_QUEUE)
        siro = tallies["siro"]
        lines.append(
            Waiting(
                "siro-queue",
                siro.count,
                f"{_plural(siro.count, 'DPIA')} with a high residual risk waiting for your "
                f"sign-off{_days(siro.oldest, today)}",
                url,
            )
        )
        if user.role == DPO_DEPUTY_ROLE:
            deputy = tallies["deputy"]
            lines.append(
                Waiting(
                    "deputy-queue",
                    deputy.count,
                    f"{_plural(deputy.count, 'DPIA')} a DPO wrote, waiting for you as deputy "
                    f"DPO{_days(deputy.oldest, today)}",
                    f"{url}#deputy",
                )
            )
    returned = tallies["returned"].count
    own = [
        Waiting(
            "dpias-returned",
            returned,
            f"{_plural(returned, 'DPIA')} returned to you for changes",
            _url("governance:dpia_list", status=DpiaStatus.RETURNED, author=user.pk),
        )
    ]
    reviews = tallies["reviews"].count
    own.append(
        Waiting(
            "dpia-reviews",
            reviews,
            f"{_plural(reviews, 'DPIA')} of yours {'is' if reviews == 1 else 'are'} due for review",
            _url("governance:dpia_list", review_due="true", mine="true"),
        )
    )
    return lines, own


def _dpo_lines(user: Any) -> list[Waiting]:
    lines = []
    disposals = disposals_awaiting_count(user)
    lines.append(
        Waiting(
            "disposals-awaiting",
            disposals,
            f"{_plural(disposals, 'disposal')} waiting for your approval",
            reverse("ropa:disposal_queue"),
        )
    )
    if user.has_perm(MANAGE):
        breaches = Breach.objects.visible_to(user)
        partner = breaches.awaiting_partner_decision().values("pk")
        row = breaches.aggregate(
            ico=Count("pk", filter=Q(ico_decision="undecided")),
            partner=Count("pk", filter=Q(pk__in=partner)),
        )
        lines += [
            Waiting(
                "breaches-ico",
                row["ico"],
                f"{_plural(row['ico'], 'breach', 'breaches')} waiting for your decision on "
                "telling the ICO",
                _url("governance:breach_list", ico_decision="undecided"),
            ),
            Waiting(
                "breaches-partner",
                row["partner"],
                f"{_plural(row['partner'], 'breach', 'breaches')} of a partner's data waiting "
                "for your decision on telling the partner",
                _url("governance:breach_list", partner_decision="awaiting"),
            ),
        ]
    if user.role in (Role.DPO, DPO_DEPUTY_ROLE):
        count = signs_elsewhere_to_accept(user).count()
        deputy = " as deputy DPO" if user.role == DPO_DEPUTY_ROLE else ""
        lines.append(
            Waiting(
                "signs-elsewhere",
                count,
                f"{_plural(count, 'agreement')} with a party's ‘signs elsewhere’ reason for you "
                f"to accept{deputy}",
                _url("sharing:agreement_list", signs_elsewhere="true"),
            )
        )
    return lines


def _own_lines(user: Any, today: date) -> list[Waiting]:
    """What waits for anyone who writes or owns records beyond their DPIAs: the reviews of
    what they own that are overdue, and the consultations they asked for."""
    lines = []
    reviews: list[tuple[str, QuerySet[Any], str, str, dict[str, str]]] = [
        (
            "agreement-reviews",
            Agreement.objects.visible_to(user).review_overdue(today).filter(owner=user),
            "agreement",
            "sharing:agreement_list",
            {"review_overdue": "true"},
        ),
        (
            "policy-reviews",
            Policy.objects.visible_to(user).review_overdue(today).filter(owner=user),
            "policy",
            "governance:policy_list",
            {"review_overdue": "true"},
        ),
        (
            "activity-reviews",
            ProcessingActivity.objects.visible_to(user).review_overdue(today).filter(owner=user),
            "processing activity",
            "ropa:processingactivity_list",
            {"review_overdue": "true"},
        ),
    ]
    for slug, queryset, noun, name, params in reviews:
        count = queryset.count()
        plural = (
            "policies"
            if noun == "policy"
            else ("processing activities" if "activity" in noun else None)
        )
        lines.append(
            Waiting(
                slug,
                count,
                f"{_plural(count, noun, plural)} of yours "
                f"{'is' if count == 1 else 'are'} overdue for review",
                _url(name, **params, mine="true"),
            )
        )
    asked = Consultation.objects.visible_to(user).filter(requested_by=user, response="pending")
    count = asked.count()
    lines.append(
        Waiting(
            "consultations-asked",
            count,
            f"{_plural(count, 'consultation')} you asked for "
            f"{'is' if count == 1 else 'are'} waiting for an answer",
            _url("sharing:consultation_list", response="pending", mine="true"),
        )
    )
    return lines


def waiting_for(user: Any, today: date | None = None) -> list[Waiting]:
    """The lines with something waiting, in the order the person works them."""
    today = today or timezone.localdate()
    if user.is_partner:
        count = Consultation.objects.visible_to(user).filter(response="pending").count()
        lines = [
            Waiting(
                "consultations-to-answer",
                count,
                f"{_plural(count, 'consultation')} waiting for your organisation's answer",
                _url("sharing:consultation_list", response="pending"),
            )
        ]
    else:
        queues, own_dpias = _dpia_lines(user, today)
        lines = [*queues, *_dpo_lines(user), *own_dpias, *_own_lines(user, today)]
    lines.append(_reading_line(user))
    return [line for line in lines if line.count]


def _reading_line(user: Any) -> Waiting:
    """The policies required reading for the person's role whose current version they have
    not confirmed (partners too, for a policy required reading for partners): one COUNT."""
    count = to_confirm_for(user).count()
    return Waiting(
        "policies-to-read",
        count,
        f"{_plural(count, 'policy', 'policies')} waiting for you to read and confirm",
        reverse("governance:policy_reading"),
    )
