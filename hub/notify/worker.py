"""The outbox worker: a thread that delivers due notifications every few seconds, or at once when kicked."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from hub.background import BackgroundContext
from hub.core.config import Settings
from hub.notify.outbox import deliver_due
from hub.notify.senders import HttpMmsSender, HttpSmsSender, Sender, SmtpSender

log = logging.getLogger(__name__)


def senders_from_settings(settings: Settings) -> dict[str, Sender]:
    """The configured senders; a channel without configuration has none (its messages wait, then fail)."""
    senders: dict[str, Sender] = {}
    if settings.smtp_host:
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        senders["email"] = SmtpSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            settings.smtp_username,
            password,
            settings.smtp_starttls,
        )
    if settings.sms_url:
        key = settings.sms_api_key.get_secret_value() if settings.sms_api_key else None
        senders["sms"] = HttpSmsSender(settings.sms_url, key)
        senders["mms"] = HttpMmsSender(settings.sms_url, key)  # the same provider takes MMS (pick-up codes)
    return senders


class NotifyWorker:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        senders: dict[str, Sender],
        interval_s: float,
        *,
        public_url: str,
    ) -> None:
        """``public_url`` is Settings.public_url: filled into texts queued without it (kiosk cases)."""
        self.sessions, self.senders, self.interval_s = sessions, senders, interval_s
        self.public_url = public_url
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notify-worker", daemon=True)

    def start(self) -> NotifyWorker:
        self._thread.start()
        return self

    def kick(self) -> None:
        """Deliver now (called after a request queued notifications)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=15)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                deliver_due(self.sessions, self.senders, public_url=self.public_url)
            except Exception:  # the worker must outlive a database hiccup; the next round retries
                log.exception("notification delivery round failed")
            self._wake.wait(self.interval_s)
            self._wake.clear()


class NotifyTask:
    """The worker as a hub background task: ``onestop hub serve`` starts it; routes kick it via app state."""

    name = "notify-worker"

    def __init__(self) -> None:
        self.worker: NotifyWorker | None = None

    def start(self, context: BackgroundContext) -> None:
        settings = context.settings
        self.worker = NotifyWorker(
            context.sessions,
            senders_from_settings(settings),
            settings.notify_interval_s,
            public_url=settings.public_url,
        ).start()
        if context.state is not None:
            context.state.notify_worker = self.worker

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
