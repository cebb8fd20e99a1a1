"""Issue 15 acceptance, the forms library: a version published once on the staff page (real hub over HTTP)
reaches 50 simulated agents and a real kiosk agent over a real broker; an agent offline meanwhile prints the
old version, and the new one after it reconnects; a corrupted download (wrong hash) is refused and the
previous version kept."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import text

from hub.db.session import make_engine
from onestop.dev.waiting import wait_until
from tests.e2e.forms_library.rig import FormsRig, held_version, library, printed_qr
from tests.migrated import MigratedTemplates
from wire.agent_api import LibraryPrintBody

FLEET = 50
FORM = "HR-F01"  # 戶籍謄本申請書, moved in from the catalogue at version 4
NEW_FIELDS = "name|申請人姓名 Applicant\nphone|聯絡電話 Phone\npurpose|申請用途 Purpose|2\nsignature|簽章|2"


def _sql(rig: FormsRig, sql: str) -> list[tuple[object, ...]]:
    engine = make_engine(rig.db_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql))
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _print(agent, form: str) -> Path:  # type: ignore[no-untyped-def]
    job = uuid.uuid4().hex
    done = library(agent).print_form(LibraryPrintBody(job=job, form=form))
    pdf = Path(done.queued_as)
    assert pdf.exists() and done.version >= 1
    return pdf


def test_a_version_published_once_reaches_every_agent_offline_ones_after_reconnecting(
    tmp_path: Path, migrated: MigratedTemplates
) -> None:
    rig = FormsRig(tmp_path, migrated)
    try:
        rig.start_hub()
        kiosk = rig.start_agent("kiosk-001", "kiosk")
        counter = rig.start_agent("counter-002", "counter", relayed=True)
        fleet = rig.start_fleet(FLEET)
        assert fleet.library is not None
        # every agent first holds the shipped library (51 forms; HR-F01 at version 4)
        wait_until(lambda: fleet.library.holding(FORM, 4) == FLEET, 240, "the fleet's first sync")  # type: ignore[union-attr]
        wait_until(
            lambda: held_version(kiosk, FORM) == 4 and held_version(counter, FORM) == 4, 60, "agents synced"
        )

        # the counter goes offline; meanwhile a supervisor publishes version 5 once
        assert rig.relay is not None
        rig.relay.cut()
        wait_until(lambda: not counter.session.online, 20, "the counter agent offline")
        staff = rig.staff()
        version = rig.publish_template(staff, FORM, NEW_FIELDS, "申請用途欄位依法新增")
        assert version == 5
        wait_until(lambda: fleet.library.holding(FORM, 5) == FLEET, 120, "50 simulated agents at v5")  # type: ignore[union-attr]
        wait_until(lambda: held_version(kiosk, FORM) == 5, 60, "the kiosk agent at v5")
        qr, page = printed_qr(_print(kiosk, FORM))
        assert (qr.code, qr.version) == (FORM, 5) and "第5版" in page and "申請用途" in page
        # the hub heard it from every online agent (forms.report events)
        reported = "SELECT count(*) FROM agent_form_versions WHERE form = 'HR-F01' AND version = 5"
        try:
            wait_until(lambda: _sql(rig, reported)[0][0] == FLEET + 1, 60, "51 reports of v5 at the hub")
        except AssertionError:
            raise AssertionError(
                str(_sql(rig, reported))
                + str(_sql(rig, "SELECT type, count(*) FROM events GROUP BY type"))
                + str(_sql(rig, "SELECT reason, count(*) FROM dead_letters GROUP BY reason"))
            ) from None

        # offline: prints the newest it has (v4), from its disk cache
        qr, page = printed_qr(_print(counter, FORM))
        assert (qr.code, qr.version) == (FORM, 4) and "第4版" in page and "申請用途" not in page
        rig.relay.restore()
        wait_until(lambda: held_version(counter, FORM) == 5, 60, "the counter agent catching up")
        qr, page = printed_qr(_print(counter, FORM))
        assert (qr.code, qr.version) == (FORM, 5) and "第5版" in page

        # a corrupted download: v6's bytes at the hub no longer match its hash (storage damaged) while the
        # counter is offline; on reconnect it refuses v6, keeps v5, prints v5 and says so to the hub
        rig.relay.cut()
        wait_until(lambda: not counter.session.online, 20, "the counter agent offline again")
        assert rig.publish_template(staff, FORM, NEW_FIELDS + "\nremark|備註", "新增備註欄") == 6
        staff.close()
        _sql(rig, "UPDATE form_versions SET content = CAST('{\"tampered\": true}' AS BLOB) "
                  "WHERE form = 'HR-F01' AND version = 6")  # fmt: skip
        rig.relay.restore()
        refused = (
            "SELECT refused_version FROM agent_form_versions WHERE device = 'counter-002' AND form = 'HR-F01'"
        )
        wait_until(lambda: _sql(rig, refused) == [(6,)], 60, "the refusal reported to the hub")
        assert held_version(counter, FORM) == 5
        assert "refused" in library(counter).health().reason
        qr, _ = printed_qr(_print(counter, FORM))
        assert qr.version == 5
    finally:
        rig.stop()
