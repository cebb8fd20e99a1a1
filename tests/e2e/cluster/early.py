"""The one RabbitCluster booting ahead of the cluster tests (started by conftest.py after collection), kept
here and not in conftest.py so that the test module and the hooks share it whichever way pytest imports
conftest files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from onestop.broker_cluster import RABBITMQ_SERVER, RabbitCluster

_early: list[RabbitCluster] = []  # booting ahead of its tests, until a fixture takes it


def boot_early() -> None:
    if RABBITMQ_SERVER.exists() and not _early:
        workdir = Path(tempfile.mkdtemp(prefix="onestop-rabbit-"))
        _early.append(RabbitCluster(3, workdir=workdir).start_in_background())


def take_early_cluster() -> RabbitCluster | None:
    """The cluster booting since collection (the caller stops it with ``release``), or None."""
    return _early.pop() if _early else None


def release(cluster: RabbitCluster) -> None:
    cluster.stop()
    shutil.rmtree(cluster.dir, ignore_errors=True)


def release_all() -> None:
    while _early:
        release(_early.pop())
