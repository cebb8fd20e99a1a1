"""Notifications to citizens: templates, an outbox with retries and delivery status, email and SMS senders."""

from hub.notify import models

__all__ = ["models"]
