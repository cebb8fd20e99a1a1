"""Kindergarten registration at the kiosk (issue 18, defect 9): board words, the confirm step, the phone for
waiting-list notices, and the categories a card login allows (seed 003 lines 109-124)."""

from __future__ import annotations

KINDERGARTEN_MESSAGES: dict[str, tuple[str, str]] = {
    "kg.places_unset": ("尚未公告", "not set"),
    "kg.not_drawn": ("尚未抽籤", "not drawn"),
    "kg.phone": ("家長手機（備取遞補通知）", "Mobile (waiting list)"),
    "kg.phone_hint": ("09 開頭共 10 碼", "10 digits starting with 09"),
    "kg.category_label": ("登記身分", "Category"),
    "kg.cat.g_resident": ("一般生（設籍本市）", "General, city resident"),
    "kg.cat.na_parent_disabled_moderate": (
        "中度以上身心障礙者子女",
        "Parent with a moderate or severe disability",
    ),
    "kg.cat.na_low_income": ("低收入戶子女", "Low-income household"),
    "kg.cat.na_middle_low_income": ("中低收入戶子女", "Middle-low-income household"),
    "kg.cat.na_indigenous": ("原住民（設籍本市）", "Indigenous, city resident"),
    "kg.cat.na_special_circumstances": ("特殊境遇家庭子女", "Family in special circumstances"),
    "kg.cat.p2_parent_disabled_mild": ("輕度身心障礙者子女", "Parent with a mild disability"),
    "kg.confirm_title": ("請確認登記內容", "Please check the registration"),
    "kg.summary": (
        "幼兒身分證：{child}\n出生日期：{birth}\n幼兒園：{name}\n登記身分：{category}\n家長手機：{phone}",
        "Child's ID: {child}\nBorn: {birth}\nKindergarten: {name}\nCategory: {category}\nMobile: {phone}",
    ),
    "kg.edit": ("修改", "Change"),
    "kg.change_category": ("更改登記身分", "Change category"),
    "kg.confirm_submit": ("確認送出", "Submit"),
    "kg.note_light": (
        "未插卡只能登記一般生。低收入戶、中低收入戶、身心障礙者子女、原住民、特殊境遇家庭：請先插入家長的自然人憑證。"
        "其他身分請到幼兒園現場登記。",
        "Without a card only general residents. Low income, disability, indigenous or special circumstances: "
        "insert the parent's citizen card first. Other categories register at the kindergarten.",
    ),
    "kg.note_card": (
        "多胞胎、兄弟姊妹三人以上、教職員子女、社會局轉介等身分，請到幼兒園現場登記。",
        "Twins, three or more siblings, staff children and referrals register at the kindergarten.",
    ),
    "kg.sms_note": ("有名額遞補時，會以簡訊通知您", "We will text you if a place is offered"),
}
