"""Shared web plumbing of the staff pages: the layout templates, the renderer, page roles and staff sign-in.

Each feature serves its own pages (``hub/<feature>/pages.py`` + ``templates/``).
"""

from hub.web.login import router

__all__ = ["router"]
