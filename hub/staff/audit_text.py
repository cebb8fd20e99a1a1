"""Readable audit entries: each action code and detail key named in words (zh-TW; English in the catalogue).

An action not named here shows its code, so a new one is still readable to whoever added it.
"""

from __future__ import annotations

from typing import Any

ACTIONS: dict[str, str] = {
    "archive.copy": "核發申請書影像副本", "archive.request": "跨所調閱申請書", "archive.scan": "掃描申請書",
    "case.open": "收件立案", "case.advance": "更新案件進度", "case.lookup": "1999 以案號代查",
    "case.search": "1999 以姓名代查", "case.password_reissue": "補發查詢密碼", "case.password_reset": "查詢密碼已重設",
    "case.receipt": "受理憑單已補印", "case.identity_unverified": "自助機案件身分未驗證",
    "catalogue.edit": "修改服務項目", "document.attach": "回傳文件歸入案件",
    "enrol.announce": "公告招生名額", "enrol.check_in": "幼兒園報到", "enrol.close": "截止登記",
    "enrol.draw": "公開抽籤", "enrol.kindergarten": "修改幼兒園資料", "enrol.multiples": "登記多胞胎",
    "enrol.register": "幼兒園登記", "faq.delete": "刪除常見問題", "faq.save": "儲存常見問題",
    "fine.paid": "罰鍰已繳", "fines.import": "匯入罰鍰檔", "jobs.import": "匯入職缺",
    "nplus_e.consent": "N加e 通報申請", "nplus_e.destination": "修改 N加e 傳送設定", "nplus_e.retry": "N加e 重送",
    "pickup.choose": "選擇領件地點", "pickup.hand_over": "交付文件", "rating.alarm.ack": "處理評分警示",
    "seals.cancel": "註銷印鑑", "seals.compare": "印鑑已比對", "seals.decide": "印鑑比對結果",
    "seals.lookup": "查詢印鑑", "seals.register": "印鑑已登記", "settlement.import": "匯入超商對帳檔",
    "staff.create": "新增工作人員",
}  # fmt: skip
DETAIL_KEYS: dict[str, str] = {
    "milestone": "進度", "note": "說明", "service": "服務代碼", "channel": "管道", "print": "列印次數", "reason": "原因",
    "by": "查詢方式", "matches": "符合件數", "office": "辦公處所", "agencies": "機關數", "read": "讀取紀錄",
    "page": "頁面", "sha256": "檔案雜湊", "applied": "入帳繳費單", "problems": "問題筆數",
    "settlement": "對帳檔編號", "claimed": "宣稱身分", "role": "角色", "code": "代碼",
}  # fmt: skip


def detail_items(detail: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """``(key, its zh-TW name or "", value as text)`` of every detail that has a value."""
    out = []
    for key, value in (detail or {}).items():
        if value is None:
            continue
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        out.append((key, DETAIL_KEYS.get(key, ""), text))
    return out
