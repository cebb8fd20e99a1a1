"""PNGs of the ratings pages with two weeks of demo ratings: ``.venv/bin/python -m onestop.screenshots.ratings [DIR]``.

The real hub app under uvicorn on a private SQLite file; Debian's Chromium, headless, through Playwright.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from onestop.dev.waiting import wait_until
from wire import Payload, new_message_id
from wire.payloads.cases import Origin, make_case_no
from wire.payloads.ratings import RatingButton

WEIGHTS = {  # per counter: very satisfied, satisfied, dissatisfied, very dissatisfied
    "c01": (60, 35, 4, 1), "c02": (45, 45, 8, 2), "c03": (30, 40, 20, 10),
    "c11": (70, 28, 2, 0), "c12": (50, 40, 8, 2),
}  # fmt: skip
STAFF = {
    "c01": "chen.counter",
    "c02": "wu.counter",
    "c03": "huang.counter",
    "c11": "tsai.counter",
    "c12": "lin.counter",
}
NOTES = ["已至櫃檯了解，民眾等候過久，已致歉", "民眾對規費有疑問，已說明收費標準", "協助民眾補件並改約時間"]


class _Quiet:
    """A command link that accepts and forgets (no broker in the screenshot run)."""

    connected = True

    def send_command(self, site: str, device: str, body: Payload) -> str:
        return new_message_id()


CHARTS_DRAWN = (
    "() => !document.getElementById('share-chart') || !!(window.Chart && Chart.getChart('share-chart'))"
)


def seed(sessions: sessionmaker[Session], days: int = 14) -> None:
    from hub.ratings import service
    from hub.ratings.runtime import RatingsRuntime
    from hub.ratings.statistics import TAIPEI
    from wire.payloads.ratings import RatingPressed

    runtime = RatingsRuntime()
    runtime.bind(_Quiet())
    rng = random.Random(7)
    with sessions() as session, session.begin():
        service.configure_office(session, "tpe-xinyi", "信義區戶政事務所", "sup-pc", "sup")
        service.configure_office(session, "tpe-daan", "大安區戶政事務所", "daan-sup-pc", "sup")
        for site, counter, name, staff in [
            ("tpe-xinyi", "c01", "1號櫃檯", STAFF["c01"]), ("tpe-xinyi", "c02", "2號櫃檯", STAFF["c02"]),
            ("tpe-xinyi", "c03", "3號櫃檯", STAFF["c03"]), ("tpe-daan", "c11", "1號櫃檯", STAFF["c11"]),
            ("tpe-daan", "c12", "2號櫃檯", STAFF["c12"]),
        ]:  # fmt: skip
            service.configure_counter(session, site, counter, f"{site}-{counter}-pc", name, staff)
    today = datetime.now(TAIPEI).replace(hour=9, minute=0, second=0, microsecond=0)
    buttons = list(RatingButton)
    services = [
        "HR-TRANSCRIPT",
        "HR-DOORPLATE-CERT",
        "LAND-REGISTER-COPY",
        "TAX-LAND-SELF-USE",
    ]  # catalogue codes
    for day in range(days, -1, -1):
        start = today - timedelta(days=day)
        if start.weekday() >= 5:
            continue
        with sessions() as session, session.begin():
            for counter, weights in WEIGHTS.items():
                site = "tpe-daan" if counter.startswith("c1") else "tpe-xinyi"
                for _ in range(rng.randint(12, 22)):
                    at = int((start + timedelta(minutes=rng.randint(0, 480))).timestamp() * 1000)
                    prompt_id = None
                    if rng.random() > 0.06:  # a few presses come with no case: kept, not counted
                        row = service.prompt_counter(session, site, counter, case_no=make_case_no(Origin.COUNTER, start.date(), rng),
                                                     service=rng.choice(services), now=at, runtime=runtime,
                                                     staff=STAFF[counter])  # fmt: skip
                        prompt_id = row.id
                    button = rng.choices(buttons, weights)[0]
                    body = RatingPressed(
                        counter=counter, button=button, pressed_at=at + 4000, prompt=prompt_id
                    )
                    session.flush()
                    service.record_press(session, site=site, device=f"{site}-{counter}-pc", event_id=new_message_id(),
                                         body=body, received_at=at + 4100, runtime=runtime)  # fmt: skip
    with sessions() as session, session.begin():
        open_alarms = service.open_alarms(session)
        for alarm in open_alarms[:-3]:
            service.acknowledge(session, alarm["id"], "lee.super", rng.choice(NOTES), runtime)


def main(outdir: str = "docs/screenshots/ratings") -> int:

    from hub.api.app import create_app
    from hub.core.config import load_settings
    from hub.db.migrate import upgrade
    from hub.db.session import make_engine, make_session_factory
    from hub.staff.accounts import create_user
    from onestop.dev.chromium import chromium
    from onestop.dev.hub_server import live_server

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="onestop-rating-shots-") as tmp:
        url = f"sqlite:///{tmp}/hub.db"
        engine = make_engine(url)
        upgrade(engine)
        sessions = make_session_factory(engine)
        with sessions() as session, session.begin():
            tokens = {name: create_user(session, name, role, shown) for name, role, shown in [
                ("chen.counter", "counter", "陳櫃台"), ("lee.super", "supervisor", "李主管")]}  # fmt: skip
        seed(sessions)
        app = create_app(load_settings(db_url=url), engine=engine)
        with live_server(app) as base, chromium() as browser:
            for who, pages in [
                ("lee.super", [("dashboard", "/staff/ratings/dashboard"), ("history", "/staff/ratings/alarms"),
                               ("stats-counter", "/staff/ratings/stats?dimension=counter&period=day"),
                               ("stats-office-week", "/staff/ratings/stats?dimension=office&period=week")]),
                ("chen.counter", [("stats-own", "/staff/ratings/stats")]),
            ]:  # fmt: skip
                context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{base}/staff/login")
                page.fill("#token", tokens[who])
                page.click("main button[type=submit]")
                page.wait_for_url("**/staff/cases")
                for name, path in pages:
                    page.goto(base + path)
                    if "stats" in path:
                        # evaluated from here each try: the hub's CSP forbids wait_for_function's in-page eval
                        wait_until(lambda p=page: p.evaluate(CHARTS_DRAWN), 15, "the statistics charts drawn",
                                   between=lambda s, p=page: p.wait_for_timeout(s * 1000), step=0.05)  # fmt: skip
                    if "dashboard" in path:
                        page.wait_for_selector("#live.ok")
                    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                    print(out / f"{name}.png")
                context.close()
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
