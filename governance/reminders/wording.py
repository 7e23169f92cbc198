"""What a reminder says: its title (the e-mail subject too) and a few lines of detail."""

from datetime import date, datetime

from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format

from ..choices import ReminderStage
from ..models import Reminder
from .kinds import Kind, Stage


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _moment(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{date_format(local, 'H:i')} on {date_format(local, 'l j F Y')}"


def _hours(count: float) -> str:
    whole = max(int(count), 0)
    return "less than an hour" if whole == 0 else f"{whole} hour{'' if whole == 1 else 's'}"


def _when(spec: Kind, stage: Stage, reminder: Reminder, today: date, now: datetime) -> str:
    if spec.is_deadline:
        assert reminder.due_at is not None
        if stage.is_overdue:
            return f"passed at {_moment(reminder.due_at)}"
        left = (reminder.due_at - now).total_seconds() / 3600
        return f"is at {_moment(reminder.due_at)}: {_hours(left)} left"
    due = reminder.due_on
    if stage.is_overdue:
        return f"was due on {_day(due)} and is overdue"
    if stage.stage == ReminderStage.ON_THE_DAY or due == today:
        return f"is due today, {_day(due)}"
    days = (due - today).days
    return f"is due in {days} day{'' if days == 1 else 's'}, on {_day(due)}"


def describe(
    spec: Kind,
    stage: Stage,
    record: Model,
    reminder: Reminder,
    today: date,
    now: datetime,
    *,
    as_dpo: bool,
) -> tuple[str, str]:
    subject = spec.subject.format(record=record)
    title = f"{subject[:1].upper()}{subject[1:]} {_when(spec, stage, reminder, today, now)}"
    lines = [f"Reminder: {stage.stage.label.lower()}."]
    if as_dpo and stage.is_overdue:
        lines.append("You are told as the Data Protection Officer because it is overdue.")
    elif as_dpo:
        lines.append("You are told as the Data Protection Officer.")
    return title[:250], "\n".join(lines)
