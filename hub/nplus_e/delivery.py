"""Delivery adapters per agency: SFTP (paramiko, host key pinned) or HTTPS POST (httpx, idempotency key).

Both are idempotent: a file already at the destination with the same bytes is not sent again, so a retry
after a crash between "uploaded" and "recorded as delivered" sends nothing twice.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A try failed; ``permanent`` means retrying cannot help (wrong host key, refused login, 4xx)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Deliverer(Protocol):
    def deliver(self, files: Sequence[tuple[str, bytes]], idempotency_key: str) -> str:
        """Send the files in order; return a short description of what was done."""
        ...


class DestinationError(ValueError):
    """A destination that cannot be used; names the field."""


@dataclass(frozen=True)
class SftpDestination:
    host: str
    port: int
    username: str
    directory: str  # relative to the login's start directory ("" = that directory)
    host_key: str  # "ssh-ed25519 AAAA..." exactly as the agency's server presents it (pinned)


def parse_destination(url: str, host_key: str | None) -> SftpDestination | str:
    """``sftp://user@host:port/dir`` (needs ``host_key``) or an ``https://`` URL (returned as is)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        if not parts.hostname:
            raise DestinationError("url: an https destination needs a host")
        return url
    if parts.scheme != "sftp":
        raise DestinationError("url: must start with sftp:// or https://")
    if not parts.hostname or not parts.username:
        raise DestinationError("url: sftp destinations look like sftp://user@host:22/incoming")
    if not host_key or len(host_key.split()) < 2:
        raise DestinationError("host_key: an sftp destination needs the server's public host key (pinned)")
    try:
        port = parts.port or 22
    except ValueError:
        raise DestinationError("url: the port must be a number 1-65535") from None
    return SftpDestination(parts.hostname, port, parts.username, parts.path.strip("/"), host_key.strip())


class SftpDeliverer:
    """Upload each file as ``name.part`` and rename it into place; skip a file already there with the same bytes."""

    def __init__(self, destination: SftpDestination, client_key: Path, timeout_s: float = 10.0) -> None:
        self.destination, self.client_key, self.timeout_s = destination, client_key, timeout_s

    def deliver(self, files: Sequence[tuple[str, bytes]], idempotency_key: str) -> str:
        import paramiko  # type: ignore[import-untyped]

        d = self.destination
        key_type, key_b64 = d.host_key.split()[:2]
        client = paramiko.SSHClient()
        host = d.host if d.port == 22 else f"[{d.host}]:{d.port}"
        try:
            pinned = paramiko.PKey.from_type_string(key_type, base64.b64decode(key_b64))
        except (ValueError, paramiko.SSHException) as exc:
            raise DeliveryError(f"the pinned host key cannot be read: {exc}", permanent=True) from None
        client.get_host_keys().add(host, key_type, pinned)
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        try:
            client.connect(
                d.host,
                d.port,
                username=d.username,
                key_filename=str(self.client_key),
                timeout=self.timeout_s,
                banner_timeout=self.timeout_s,
                auth_timeout=self.timeout_s,
                allow_agent=False,
                look_for_keys=False,
            )
        except paramiko.BadHostKeyException:
            client.close()
            raise DeliveryError(
                f"{d.host}:{d.port} presented a host key that is not the pinned one; nothing was sent",
                permanent=True,
            ) from None
        except paramiko.AuthenticationException:
            client.close()
            raise DeliveryError(f"{d.host}:{d.port} refused the hub's SSH key", permanent=True) from None
        except (OSError, paramiko.SSHException, EOFError) as exc:
            client.close()
            raise DeliveryError(f"{d.host}:{d.port} unreachable: {exc}") from None
        try:
            sftp = client.open_sftp()
            sent = skipped = 0
            for name, content in files:
                target = posixpath.join(d.directory, name) if d.directory else name
                if _same_remote(sftp, target, content):
                    skipped += 1
                    continue
                part = target + ".part"
                sftp.putfo(io.BytesIO(content), part, file_size=len(content), confirm=True)
                sftp.posix_rename(part, target)
                sent += 1
            return f"sftp {d.host}:{d.port}/{d.directory}: {sent} sent, {skipped} already there"
        except (OSError, paramiko.SSHException, EOFError) as exc:
            raise DeliveryError(f"{d.host}:{d.port} upload failed: {exc}") from None
        finally:
            client.close()


def _same_remote(sftp: object, path: str, content: bytes) -> bool:
    try:
        with sftp.open(path, "rb") as remote:  # type: ignore[attr-defined]
            existing = remote.read()
    except OSError:
        return False
    if hashlib.sha256(existing).digest() == hashlib.sha256(content).digest():
        return True
    raise DeliveryError(
        f"{path} exists at the destination with other content; refusing to overwrite", permanent=True
    )


class HttpsDeliverer:
    """POST every file (``X-File-Name``, ``Idempotency-Key`` = manifest SHA-256 + name); 2xx or 409 = there."""

    def __init__(
        self, url: str, token: str | None = None, ca_file: str | None = None, timeout_s: float = 10.0
    ):
        self.url, self.token, self.ca_file, self.timeout_s = url, token, ca_file, timeout_s

    def deliver(self, files: Sequence[tuple[str, bytes]], idempotency_key: str) -> str:
        import httpx

        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        verify: str | bool = self.ca_file or True
        try:
            with httpx.Client(timeout=self.timeout_s, verify=verify) as client:
                for name, content in files:
                    reply = client.post(
                        self.url,
                        content=content,
                        headers={
                            **headers,
                            "Content-Type": "application/json" if name.endswith(".json") else "text/plain",
                            "X-File-Name": name,
                            "X-Content-SHA256": hashlib.sha256(content).hexdigest(),
                            "Idempotency-Key": f"{idempotency_key}:{name}",
                        },
                    )
                    if reply.status_code == 409 or reply.is_success:
                        continue
                    permanent = 400 <= reply.status_code < 500 and reply.status_code not in (408, 429)
                    raise DeliveryError(
                        f"{self.url} answered {reply.status_code} for {name}", permanent=permanent
                    )
        except (OSError, httpx.HTTPError) as exc:
            raise DeliveryError(f"{self.url} unreachable: {exc}") from None
        return f"https {self.url}: {len(files)} files accepted"


def deliverer_factory(ssh_key: Path) -> object:
    """``deliverer_for(destination)`` for the service: SFTP with the hub's SSH key, or HTTPS."""

    def deliverer_for(row: object) -> Deliverer:
        url, host_key, token = row.url, row.host_key, row.token  # type: ignore[attr-defined]
        parsed = parse_destination(url, host_key)
        if isinstance(parsed, SftpDestination):
            return SftpDeliverer(parsed, ssh_key)
        return HttpsDeliverer(parsed, token)

    return deliverer_for
