"""The enrolment feature's MQTT handlers: the live board and results (``board``), kiosk registration (``register``)."""

from hub.enrolment.mqtt import board, register

__all__ = ["board", "register"]
