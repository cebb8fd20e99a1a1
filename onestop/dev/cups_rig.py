"""A private CUPS scheduler for the demo and tests: own config, spool and port, started and stopped by PID.

``CupsRig(dir).start()`` runs ``cupsd -f`` on a free 127.0.0.1 port with its own ServerRoot, spool, cache,
logs and ServerBin. ``add_queue(name)`` creates a raw queue whose device is the ``onestopfile`` backend:
every job's document is written to ``<dir>/out/<queue>/<cups job id>.pdf``. ``paper_out(name, True)``
makes the backend report ``media-empty-error`` and stop the queue (as a printer out of paper does);
``paper_out(name, False)`` refills it and re-enables the queue, and the held job prints.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from onestop.processes import free_port

SYSTEM_SERVERBIN = Path("/usr/lib/cups")

#: The backend: `onestopfile:/dir` writes each job into /dir; a PAPER_OUT file there makes it stop the queue.
BACKEND = r"""#!/bin/sh
# OneStop file-backed printer for a private cupsd (onestop/dev/cups_rig.py).
if [ $# -eq 0 ]; then
  echo 'direct onestopfile "Unknown" "OneStop file printer"'
  exit 0
fi
dir="${DEVICE_URI#onestopfile:}"
if [ -e "$dir/PAPER_OUT" ]; then
  echo "STATE: +media-empty-error" >&2
  echo "ERROR: out of paper (紙張用完)" >&2
  exit 4
fi
echo "STATE: -media-empty-error" >&2
tmp="$dir/.$1.part"
if [ $# -ge 6 ]; then cat "$6" > "$tmp"; else cat > "$tmp"; fi
mv "$tmp" "$dir/$1.pdf"
echo "INFO: printed job $1" >&2
exit 0
"""

CUPSD_CONF = """Listen 127.0.0.1:{port}
LogLevel info
WebInterface No
Browsing No
DefaultAuthType None
JobRetryLimit 0
MaxJobs 500
PreserveJobHistory Yes
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

FILES_CONF = """ServerRoot {root}/conf
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
ServerBin {root}/serverbin
TempDir {root}/spool/tmp
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
Printcap {root}/state/printcap
FileDevice Yes
Sandboxing Relaxed
User lp
Group lp
SystemGroup root
"""


class CupsRig:
    """One private cupsd; ``server`` is ``127.0.0.1:<port>`` for ``lp -h`` and the agent's settings."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("cupsd") or ("/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists() else None)
        if binary is None:
            raise FileNotFoundError("cupsd is not installed (Debian package cups): run scripts/setup")
        self.binary = binary
        self.dir = directory
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    def out_dir(self, queue: str) -> Path:
        return self.dir / "out" / queue

    def _layout(self) -> None:
        for sub in (
            "conf",
            "conf/ppd",
            "conf/ssl",
            "spool/tmp",
            "cache",
            "state",
            "log",
            "serverbin/backend",
            "out",
        ):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        for entry in SYSTEM_SERVERBIN.iterdir():
            link = self.dir / "serverbin" / entry.name
            if entry.name != "backend" and not link.exists():
                link.symlink_to(entry)
        backend = self.dir / "serverbin" / "backend" / "onestopfile"
        backend.write_text(BACKEND)
        # 0700: cupsd runs the backend as root, so it can reach a private folder (pytest's tmp is 0700)
        backend.chmod(0o700)
        (self.dir / "conf" / "cupsd.conf").write_text(CUPSD_CONF.format(port=self.port))
        (self.dir / "conf" / "cups-files.conf").write_text(FILES_CONF.format(root=self.dir))
        for sub in ("spool", "spool/tmp", "cache", "state", "log"):
            os.chmod(self.dir / sub, 0o777)
        os.chmod(self.dir / "spool", 0o710)
        os.chmod(self.dir / "spool" / "tmp", 0o1777)

    def start(self, timeout: float = 15.0) -> CupsRig:
        if self.proc is not None and self.proc.poll() is None:
            return self
        self.port = free_port()
        self._layout()
        conf = self.dir / "conf"
        self.proc = subprocess.Popen(
            [self.binary, "-f", "-c", str(conf / "cupsd.conf"), "-s", str(conf / "cups-files.conf")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(
                    f"cupsd exited with {self.proc.returncode}: {err.strip()} (see {self.dir}/log)"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"cupsd did not listen on {self.server} within {timeout} s") from None
                time.sleep(0.02)
        return self

    def _run(self, *argv: str) -> str:
        done = subprocess.run([*argv], capture_output=True, text=True, timeout=30, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.strip()}")
        return done.stdout

    def add_queue(self, name: str) -> Path:
        """A raw queue printing into ``out_dir(name)`` (a PDF stays a PDF); returns that folder."""
        out = self.out_dir(name)
        out.mkdir(parents=True, exist_ok=True)
        self._run("lpadmin", "-h", self.server, "-p", name, "-v", f"onestopfile:{out}", "-E")
        self._run("cupsaccept", "-h", self.server, name)
        return out

    def paper_out(self, name: str, empty: bool) -> None:
        """Take the paper out (the next job stops the queue with media-empty-error) or put it back."""
        flag = self.out_dir(name) / "PAPER_OUT"
        if empty:
            flag.touch()
            return
        flag.unlink(missing_ok=True)
        self._run("cupsenable", "-h", self.server, name)

    def disable(self, name: str, reason: str) -> None:
        """Stop the queue by hand (cupsdisable -r), as a technician would."""
        self._run("cupsdisable", "-h", self.server, "-r", reason, name)

    def printed(self, name: str) -> list[Path]:
        return sorted(self.out_dir(name).glob("*.pdf"), key=lambda p: int(p.stem))

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def __enter__(self) -> CupsRig:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
