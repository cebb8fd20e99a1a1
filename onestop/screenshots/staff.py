"""Write a PNG of every staff page (and the public progress page) with demo data: ``scripts/screenshots``.

Runs the real hub app under uvicorn on a private SQLite database and drives Debian's Chromium headless
through Playwright, signed in as counter staff, a 1999 operator and a supervisor.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main(outdir: str = "docs/screenshots/staff") -> int:
    from hub.api.app import create_app
    from hub.cases.service import today_tw
    from hub.core.config import load_settings
    from hub.db.migrate import upgrade
    from hub.db.session import make_engine, make_session_factory
    from hub.payments.settlement import format_detail, format_header, format_trailer
    from hub.staff.accounts import create_user
    from onestop.demo_data import seed
    from onestop.dev.chromium import chromium
    from onestop.dev.hub_server import live_server

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="onestop-shots-") as tmp:
        url = f"sqlite:///{tmp}/hub.db"
        engine = make_engine(url)
        upgrade(engine)
        sessions = make_session_factory(engine)
        with sessions() as session, session.begin():
            tokens = {
                role: create_user(session, name, role, display)
                for name, role, display in [
                    ("chen.counter", "counter", "陳櫃台"),
                    ("op.1999", "operator", "1999 話務員"),
                    ("lee.super", "supervisor", "李主管"),
                ]
            }
            _devices(session)
        cases = seed(sessions, today_tw())
        from aiosmtpd.controller import Controller

        from onestop.processes import free_port

        class _Sink:
            async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
                return "250 OK"

        smtp_port = free_port()
        smtp = Controller(_Sink(), hostname="127.0.0.1", port=smtp_port)
        smtp.start()  # a local mail server, so the pages show delivered emails (SMS stays pending: no provider)
        settings = load_settings(
            db_url=url, smtp_host="127.0.0.1", smtp_port=smtp_port, notify_interval_s=0.2
        )
        app = create_app(settings, engine=engine)
        shots: list[str] = []
        with live_server(app) as base, chromium() as browser:

            def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                shots.append(name)

            def signed_in(role: str, lang: str = "zh-TW"):  # type: ignore[no-untyped-def]
                context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=lang)
                host = base.split("//")[1].split(":")[0]
                context.add_cookies([{"name": "onestop_lang", "value": lang, "domain": host, "path": "/"}])
                page = context.new_page()
                page.goto(f"{base}/staff/login")
                page.fill("#token", tokens[role])
                page.click("main button[type=submit]")
                page.wait_for_load_state()
                return page

            public = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-TW").new_page()
            public.goto(f"{base}/staff/login")
            shot(public, "01-login")
            page = signed_in("counter")
            import time

            time.sleep(1.5)  # let the outbox worker deliver the demo emails
            page.goto(f"{base}/staff/intake")
            page.select_option("#service", "HR-DOORPLATE-CERT")
            page.fill("#name", "吳佩珊")
            page.fill("#phone", "0911222333")
            page.fill("#email", "pei@example.tw")
            shot(page, "02-intake")
            page.check("input[name=consent]")
            page.click("main button[type=submit]")
            page.wait_for_selector("#query-password")
            shot(page, "03-case-registered")
            new_case, password = page.inner_text("#case-no"), page.inner_text("#query-password")
            page.goto(f"{base}/staff/cases")
            shot(page, "04-case-list")
            page.goto(f"{base}/staff/cases?status=overdue")
            shot(page, "05-case-list-overdue")
            page.goto(f"{base}/staff/cases/{cases['paused']}")
            shot(page, "06-case-paused-with-documents")
            page.goto(f"{base}/staff/cases/{cases['payment']}")
            shot(page, "07-case-payment-due")
            page.goto(f"{base}/staff/cases/{cases['late']}")
            shot(page, "08-case-closed")
            page.goto(f"{base}/staff/reports/sla")
            shot(page, "09-sla-report")
            page.goto(f"{base}/staff/cases/{cases['fresh']}")
            page.click("form[action$='/receipt'] button")
            page.wait_for_load_state()
            shot(page, "10-receipt-reprint")
            page.goto(f"{base}/staff/documents")
            shot(page, "17-unattached-pages")
            operator = signed_in("operator")
            operator.goto(f"{base}/staff/lookup?case_no={cases['survey']}&reason=市民來電")
            shot(operator, "11-1999-lookup")
            supervisor = signed_in("supervisor")
            supervisor.goto(f"{base}/staff/catalogue")
            shot(supervisor, "12-catalogue")
            supervisor.goto(f"{base}/staff/catalogue/HR-TRANSCRIPT")
            shot(supervisor, "13-service-edit")
            supervisor.goto(f"{base}/staff/forms?category=NAME")
            shot(supervisor, "13-forms-library")
            supervisor.goto(f"{base}/staff/forms/HR-F01")
            shot(supervisor, "13-forms-form")
            supervisor.check("input[name=kind][value=template]")
            supervisor.fill(
                "#fields", "name|申請人姓名 Applicant\nphone|聯絡電話 Phone\npurpose|申請用途 Purpose|2"
            )
            supervisor.fill("#effective", today_tw().isoformat())
            supervisor.fill("#note", "新增申請用途欄")
            supervisor.click("form[action$='/drafts'] button[type=submit]")
            supervisor.wait_for_url("**/staff/forms/drafts/*")
            shot(supervisor, "13-forms-preview")  # not published: the other pages keep version 4
            slips = supervisor.request.get(
                f"{base}/api/v1/cases/{cases['payment']}/slips",
                headers={"Authorization": f"Bearer {tokens['supervisor']}"},
            ).json()
            from datetime import datetime

            lines = [
                format_header(today_tw(), "CVS711"),
                format_detail(slips[0]["payment_no"], slips[0]["amount"], datetime.now(), "S0001"),
                format_detail("2511219999999999", 50, datetime.now(), "S0002"),
                format_trailer(2, slips[0]["amount"] + 50),
            ]
            supervisor.goto(f"{base}/staff/settlements")
            supervisor.set_input_files(
                "#file",
                files=[
                    {
                        "name": "cvs711.txt",
                        "mimeType": "text/plain",
                        "buffer": ("\n".join(lines) + "\n").encode(),
                    }
                ],
            )
            supervisor.click("main form button[type=submit]")
            supervisor.wait_for_load_state()
            shot(supervisor, "14-settlement-import")
            supervisor.goto(f"{base}/staff/audit")
            shot(supervisor, "15-audit-log")
            supervisor.goto(f"{base}/staff/devices?site=tc-xitun")
            supervisor.wait_for_selector("#live.ok")
            shot(supervisor, "19-devices-live")
            supervisor.goto(f"{base}/provisioning/fleet")
            shot(supervisor, "21-fleet")
            operator.goto(f"{base}/staff/lookup?name=林美玲&phone=0912345678&reason=市民來電")
            shot(operator, "20-1999-search-by-name")
            operator.goto(f"{base}/staff/lookup?name=林美玲")
            shot(operator, "20b-1999-search-too-vague")
            english = signed_in("supervisor", "en")
            for path, name in [
                ("/staff/devices?site=tc-xitun", "19-devices-live.en"),
                ("/staff/cases", "04-case-list.en"),
                (f"/staff/cases/{cases['paused']}", "06-case-paused-with-documents.en"),
                ("/staff/audit", "15-audit-log.en"),
                ("/provisioning/fleet", "21-fleet.en"),
                ("/staff/forms?category=NAME", "13-forms-library.en"),
                ("/staff/forms/HR-F01", "13-forms-form.en"),
            ]:
                english.goto(base + path)
                shot(english, name)
            public.goto(f"{base}/progress")
            public.fill("#case_no", new_case)
            public.fill("#password", password)
            public.click("main form button[type=submit]")
            public.wait_for_selector("#current-milestone")
            shot(public, "16-public-progress")
            public.goto(f"{base}/satisfaction?case_no={cases['late']}")
            public.check("#score-4")
            public.check("#reason-fast")
            public.check("#reason-notified")
            public.fill("#comment", "承辦人很有耐心，謝謝。")
            shot(public, "18-satisfaction-questionnaire")
        smtp.stop()
        engine.dispose()
    print(f"wrote {len(shots)} screenshots to {out}/: {', '.join(shots)}")
    return 0


def _devices(session: object) -> None:
    """An office's kiosks for the devices view and the fleet: one out of paper, one offline, one working."""
    from hub.devices.models import Device
    from wire import now_ms

    now = now_ms()
    paper_out = {"components": {"printer": {"state": "error", "code": "paper_out",
                                            "reason": "receipt printer is out of paper: load a new roll"},
                                "scanner": {"state": "ok"}}, "outbox": 0}  # fmt: skip
    working = {"components": {"printer": {"state": "ok"}, "scanner": {"state": "ok"}}, "outbox": 0}
    session.add_all([  # type: ignore[attr-defined]
        Device(id="kiosk-xitun-01", site="tc-xitun", kind="kiosk", online=True, session=12, last_seen=now,
               health=paper_out, health_ts=now),
        Device(id="kiosk-xitun-02", site="tc-xitun", kind="kiosk", online=False, session=7,
               last_seen=now - 42 * 60_000, death_reason="connection lost"),
        Device(id="counter-xitun-03", site="tc-xitun", kind="counter", online=True, session=3, last_seen=now,
               health=working, health_ts=now),
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
