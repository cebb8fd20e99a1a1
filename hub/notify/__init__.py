"""Notifications to citizens: templates, an outbox with retries and delivery status, email and SMS senders."""

from hub.notify import models
from hub.notify.worker import NotifyTask

background = (NotifyTask(),)  # the outbox worker, started by ``onestop hub serve`` (hub/background.py)

__all__ = ["background", "models"]
