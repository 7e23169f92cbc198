"""An e-mail backend for tests that run a real worker in another process.

Each message is written as one file in the folder named by ``VPP_TEST_MAIL_DIR``, so the test
process can read what a worker sent. The file name starts with the sending process's pid, so a
test can tell which worker sent what. ``VPP_TEST_MAIL_DELAY`` (seconds, default 0) makes every
message slow, like a real SMTP round trip: the backend sleeps *before* writing, so a worker
killed during the sleep has not sent that message. A message is written to a temporary name
and renamed, so a killed worker never leaves half a message behind.

Point a worker at it with ``EMAIL_BACKEND=tests.support.mail.FileMessageBackend``.
"""

import email
import email.policy
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

DIR_VARIABLE = "VPP_TEST_MAIL_DIR"
DELAY_VARIABLE = "VPP_TEST_MAIL_DELAY"
BACKEND = "tests.support.mail.FileMessageBackend"


class FileMessageBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.folder = Path(os.environ[DIR_VARIABLE])
        self.delay = float(os.environ.get(DELAY_VARIABLE) or 0)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            if self.delay:
                time.sleep(self.delay)
            name = f"{os.getpid()}-{time.time_ns()}-{uuid.uuid4().hex[:8]}"
            partial = self.folder / f".{name}.tmp"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(self.folder / f"{name}.eml")
        return len(email_messages)


@dataclass(frozen=True)
class SentMessage:
    pid: int
    message_id: str
    to: str
    subject: str
    message: Message


def sent_messages(folder: Path) -> list[SentMessage]:
    """Every message written to ``folder``, oldest first."""
    found = []
    for path in sorted(folder.glob("*.eml"), key=lambda p: int(p.name.split("-")[1])):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        found.append(
            SentMessage(
                pid=int(path.name.split("-", 1)[0]),
                message_id=str(message["Message-ID"]),
                to=str(message["To"]),
                # Folding a long encoded header can leave a space where lines were joined.
                subject=" ".join(str(message["Subject"]).split()),
                message=message,
            )
        )
    return found
