"""What seed 002 asks of seal and signature comparison (印簽比對), each rule with its seed line."""

from __future__ import annotations

from hub.core.seed_cite import s002

#: Seal strips are scanned once and kept as images: no more strips pulled from a cabinet.
SCANNED_ONCE = s002(1392, "1.建置「印簽比對子系統」：印鑑全面數位化，將戶政所檔存印鑑條予")
#: At issue time the system fetches the images for comparison, more precise than by hand.
SYSTEM_COMPARES = s002(1394, "以建檔，核發印鑑證明時，由系統自動擷取影像比對，核對品質較人")
#: By hand: about 4 minutes per case with transparent film, and forgeries are hard to see.
BY_HAND_4_MIN = s002(770, "(1)戶政同仁以人工作業比對印鑑條，每件辦理約需 4分鐘，除較為")
FORGERY_RISK = s002(772, "費時外，由於科技發達偽刻技術純熟，僅憑透明玻璃紙肉眼核對，")
#: After: about 20 seconds.
TWENTY_SECONDS = s002(4099, "(1)核對作業約 20秒迅速正確，免除誤發印鑑造成民眾損失及機關")
#: Strips lay in the home office only: no cross-office service until they were digitised.
CROSS_OFFICE = s002(190, "印鑑條因存放於戶籍地戶政所各自保管，在未資訊化之前無法提")
#: Every registration and change is kept, not only the latest date.
HISTORY = s002(873, "(3)內政部戶政資訊系統僅提供最新印鑑登記(變更)日期，如民眾需")
#: The strip cabinet had no access control; images need it.
ACCESS_CONTROL = s002(776, "(2)印鑑條櫃每位同仁隨手可抽閱，欠缺安全管控機制。如有遺失，")

#: The score is shown to staff, who decide; a decision needs a person (not in the seed: our rule).
SCORE_NEVER_DECIDES = (
    "the similarity score is advice for staff; only a staff decision is recorded as the outcome"
)
