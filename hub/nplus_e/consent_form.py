"""The one printed N+e consent form (A4 PDF, fpdf2 + Noto CJK TC) instead of one paper form per agency.

Printing it at the counter is the counter's CUPS component's job (being built separately); the staff page
offers the PDF and a "print at counter" hook that will hand it to that component.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fpdf import FPDF

from hub.core.fonts import cjk_font
from hub.core.offices import OFFICES
from hub.nplus_e.catalogue import CHANGE_KINDS, ONE_FORM, SIGNED_FORM, Catalogue, ChangeKind
from hub.nplus_e.models import NplusEConsent

_FIXED = datetime(2020, 1, 1, tzinfo=UTC)  # no clock in the file: the same consent gives the same bytes


def render(consent: NplusEConsent, agencies: list[str], catalogue: Catalogue) -> bytes:
    font = cjk_font()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(_FIXED)
    pdf.set_title(f"N+e 跨機關通報申請書 {consent.id[:8]}")
    pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("cjk", size=17)
    pdf.cell(0, 10, "N加e 跨機關戶籍資料異動通報申請書", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    pdf.cell(
        0,
        5,
        "Consent to notify other agencies of a household-registration change",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("cjk", size=11)
    change_zh = CHANGE_KINDS[ChangeKind(consent.change)][0]
    rows = [
        ("受理戶所 Office", OFFICES.get(consent.office, consent.office)),
        ("登記事項 Change", f"{change_zh}（生效日 {consent.effective_date}）"),
        ("姓名 Name", consent.name),
        ("身分證統一編號 ID", consent.id_masked),
        ("出生日期 Born", consent.birth_date),
    ]
    if consent.old_address or consent.new_address:
        rows += [
            ("原址 Old address", consent.old_address or "—"),
            ("新址 New address", consent.new_address or "—"),
        ]
    if consent.new_name:
        rows.append(("新姓名 New name", consent.new_name))
    rows.append(("申請編號 Reference", consent.id))
    for label, value in rows:
        pdf.cell(45, 8, label, border=1)
        pdf.multi_cell(0, 8, value, border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=12)
    pdf.cell(
        0, 8, f"通報下列 {len(agencies)} 個機關（單位） Agencies to notify", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("cjk", size=10)
    by_kind: dict[str, list[str]] = {}
    for code in agencies:
        agency = catalogue.agency(code)
        if agency is not None:
            by_kind.setdefault(agency.kind, []).append(agency.name)
    for kind in catalogue.kinds:
        if kind.code in by_kind:
            pdf.multi_cell(
                0, 6, f"■ {kind.zh}：{'、'.join(by_kind[kind.code])}", new_x="LMARGIN", new_y="NEXT"
            )
    pdf.ln(4)
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(
        0,
        6,
        "本人同意戶政事務所將上列戶籍異動資料，以電腦每日傳送上列機關據以更新資料，"
        "各機關約於 7 日內完成更新。一張申請書通報全部機關，免逐一填寫。",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(10)
    pdf.cell(90, 8, "申請人簽名 Signature：＿＿＿＿＿＿＿＿＿＿")
    pdf.cell(0, 8, "日期 Date：＿＿＿＿＿＿＿＿", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-25)
    pdf.set_font("cjk", size=7)
    pdf.multi_cell(0, 4, f"依據 {ONE_FORM}；{SIGNED_FORM}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
