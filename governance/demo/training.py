"""The Humber demo's training: the induction, a yearly data protection refresher and the
SIRO and DPO specialist course, start dates and records for the demo logins.

Dates count back from the day the demo is first loaded. The DPO's refresher has expired (an
overdue renewal: a finding, and reminders to her and, as overdue, the DPO), and the Hull City
Council contact started 45 days ago without induction (a new starter past 30 days). Loading
again adds nothing: each course is found by its title, each start date by its person, each
record by its person and course.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from ..models import Course, TrainingProfile, TrainingRecord
from ..services.training import course_save, training_profile_save, training_record_save

DEMO = "Humber demo data"

INDUCTION = "VPP induction: information management and data protection"
REFRESHER = "Data protection refresher"
SPECIALIST = "SIRO and DPO specialist training"

COURSES: tuple[dict[str, Any], ...] = (
    {
        "title": INDUCTION,
        "description": "The information management strategy, the data protection policy, "
        "handling partner data and reporting a breach. Before any access to personal data.",
        "provider": "OPCC Humberside",
        "audience": "everyone",
        "is_induction": True,
        "renewal_months": None,
    },
    {
        "title": REFRESHER,
        "description": "The yearly refresher: what changed, lessons from breaches, rights "
        "requests.",
        "provider": "OPCC e-learning",
        "audience": "everyone",
        "renewal_months": 12,
    },
    {
        "title": SPECIALIST,
        "description": "Accountability, risk ownership, DPIA sign-off and the DPO's advice.",
        "provider": "National Police Chiefs' Council information assurance course",
        "audience": "key_roles",
        "is_for_siro": True,
        "is_for_dpo": True,
        "renewal_months": 24,
    },
)

#: E-mail → days since they started.
STARTS = {
    "staff@demo.vpp.test": 700,
    "dpo@demo.vpp.test": 1500,
    "siro@demo.vpp.test": 900,
    "director@demo.vpp.test": 600,
    "partner.police@demo.vpp.test": 400,
    "partner.hull@demo.vpp.test": 45,
}

#: (e-mail, course title, days ago completed, evidence reference).
RECORDS: tuple[tuple[str, str, int, str], ...] = (
    ("staff@demo.vpp.test", INDUCTION, 690, "LMS-10231"),
    ("staff@demo.vpp.test", REFRESHER, 300, "LMS-18812"),
    ("dpo@demo.vpp.test", INDUCTION, 1490, "LMS-03310"),
    ("dpo@demo.vpp.test", REFRESHER, 400, "LMS-14020"),  # expired: overdue for renewal
    ("dpo@demo.vpp.test", SPECIALIST, 200, "NPCC-IA-5521"),
    ("siro@demo.vpp.test", INDUCTION, 890, "LMS-07745"),
    ("siro@demo.vpp.test", REFRESHER, 100, "LMS-19901"),
    ("siro@demo.vpp.test", SPECIALIST, 500, "NPCC-IA-4410"),
    ("director@demo.vpp.test", INDUCTION, 590, "LMS-11002"),
    ("director@demo.vpp.test", REFRESHER, 60, "LMS-20117"),
    ("partner.police@demo.vpp.test", INDUCTION, 395, "HP-IG-2211"),
    ("partner.police@demo.vpp.test", REFRESHER, 30, "HP-IG-2980"),
)


def load_training(*, actor: Any, users: dict[str, Any]) -> None:
    """``users`` maps the demo e-mail addresses to their logins; ``actor`` records it all."""
    today = timezone.localdate()
    courses = {}
    for values in COURSES:
        course = Course.objects.filter(title=values["title"]).first()
        if course is None:
            course = course_save(Course(**values), actor=actor, reason=DEMO)
        courses[course.title] = course
    for email, days in STARTS.items():
        person = users.get(email)
        if person is None or TrainingProfile.objects.filter(person=person).exists():
            continue
        training_profile_save(
            TrainingProfile(person=person, started_on=today - timedelta(days=days)),
            actor=actor,
            reason=DEMO,
        )
    for email, title, days, evidence in RECORDS:
        person = users.get(email)
        course = courses[title]
        if person is None or TrainingRecord.objects.filter(person=person, course=course).exists():
            continue
        training_record_save(
            TrainingRecord(
                person=person,
                course=course,
                completed_on=today - timedelta(days=days),
                evidence_reference=evidence,
            ),
            actor=actor,
            reason=DEMO,
        )
