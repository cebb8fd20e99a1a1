"""What seed 002 asks of the application-image archive (申請書影像), each rule with its seed line."""

from __future__ import annotations

from enum import StrEnum

from hub.core.seed_cite import s002

#: Applications and their attachments lay in the office that first took the registration.
KEPT_AT_ORIGIN = s002(392, "記申請書及出生證明書…等，均存放於最初受理登記之戶政事務所檔案")
#: By hand: fetch the file, copy it, at least 20 minutes.
BY_HAND_20_MIN = s002(1188, "交付民眾，服務流程至少約需耗費 20分鐘以上，增加民眾等候時")
#: Scanned back to 1946 and searchable from any office: search, view, print.
ANY_OFFICE = s002(2427, "的連結，民眾可就近至臺中市任一區戶政事務所申領，戶政人員")
SEARCH_VIEW_PRINT = s002(2429, "以申請書影像子系統搜尋、調閱、傾印，大幅提升服務效率，亦")
#: Every office keeps scanning each day's applications.
DAILY_SCANNING = s002(5374, "B.目前全市 29區戶政事務所仍持續不間斷掃描建檔每日申請案")

#: Days an origin office has to scan a requested document that is not yet in the archive. Not in the seed:
#: our default, shown on every request and editable in one place.
REQUEST_DAYS = 2


class Kind(StrEnum):
    """Registration kinds whose applications are issued as copies (seed line 5368: birth, death, marriage,
    divorce ... ; move and others added as the offices archive every registration)."""

    BIRTH = "birth"
    DEATH = "death"
    MARRIAGE = "marriage"
    DIVORCE = "divorce"
    MOVE = "move"
    OTHER = "other"


KINDS_CITE = s002(5368, "供設籍本市民眾可於 29區戶政所任一地申請出生、死亡、結婚")
KIND_ZH = {
    Kind.BIRTH: "出生登記",
    Kind.DEATH: "死亡登記",
    Kind.MARRIAGE: "結婚登記",
    Kind.DIVORCE: "離婚登記",
    Kind.MOVE: "遷徙登記",
    Kind.OTHER: "其他登記",
}
