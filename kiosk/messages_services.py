"""Texts of the services seed 004 names (fines, more services), zh-TW and English; merged into kiosk.messages."""

from __future__ import annotations

SERVICE_MESSAGES: dict[str, tuple[str, str]] = {
    "welcome.more": ("罰鍰・職缺・常見問題\n更多服務", "Fines · Jobs · Questions\nMore services"),
    "services.title": ("更多服務", "More services"),
    "services.hint": ("請點選您要的服務", "Touch the service you want"),
    "services.fines": ("罰鍰補單繳費", "Pay a fine"),
    "services.fines_hint": ("查詢未繳罰鍰，列印超商繳費單", "Find unpaid fines, print store slips"),
    "fines.title": ("查罰鍰：請擇一輸入", "Fines: type ONE number"),
    "fines.national_id": ("身分證字號", "National ID"),
    "fines.business_no": ("統一編號", "Business no."),
    "fines.fine_no": ("罰單編號", "Fine number"),
    "fines.query": ("查詢", "Look up"),
    "fines.bad_national_id": (
        "身分證字號不正確，請再確認後重新輸入",
        "National ID not valid; please type it again",
    ),
    "fines.bad_business_no": (
        "統一編號不正確，請再確認後重新輸入",
        "Business number not valid; please type it again",
    ),
    "fines.bad_fine_no": (
        "罰單編號須為 6 到 15 碼，請重新輸入",
        "A fine number has 6 to 15 digits; please type it again",
    ),
    "fines.type_one": ("請先輸入其中一個號碼", "Please type one of the numbers first"),
    "fines.list_title": ("請選取欲繳費項目", "Choose the fines to pay"),
    "fines.list_hint": (
        "可複選，最多五筆，每筆將單獨列出繳費單",
        "Tick up to five; each prints on its own slip",
    ),
    "fines.none": ("查無未繳罰鍰", "No unpaid fines were found"),
    "fines.more": (
        "未繳罰鍰超過 50 筆，其餘請洽開罰單位",
        "More than 50 unpaid fines: ask the agency for the rest",
    ),
    "fines.col_fine_no": ("罰單編號", "Fine no."),
    "fines.col_issued": ("開立日期", "Issued"),
    "fines.col_decision": ("處分書號", "Decision no."),
    "fines.col_amount": ("應繳金額", "Amount"),
    "fines.col_due": ("繳費期限", "Due"),
    "fines.bank": ("限銀行/ATM", "Bank / ATM only"),
    "fines.detail_card": ("開罰單位 {agency}：{rule}", "{agency}: {rule}"),
    "fines.total": ("列印 {count} 張（NT${total}）", "Print {count} · NT${total}"),
    "fines.print": ("確認送出，列印繳費單", "Print the slips"),
    "fines.max_ticked": (
        "最多只能選 {max} 筆，每筆一張繳費單；請先取消一筆再選",
        "At most {max} at a time, one slip each; please untick one first",
    ),
    "fines.bank_only": (
        "NT${amount} 超過 2 萬元或已逾繳費期限，超商不能代收；請至代收稅款之金融機構或利用 ATM 繳納",
        "NT${amount} is over NT$20,000 or past its due date: a store cannot collect it; "
        "please pay at a bank or an ATM",
    ),
    "fines.tick_first": ("請先勾選要繳的罰鍰", "Please tick the fines to pay first"),
    "fines.printed": (
        "已列印 {count} 張繳費單，請持單至超商櫃台繳費，並保存繳款憑證半年",
        "{count} slip(s) printed: pay at the store counter and keep the receipt for six months",
    ),
    "services.faq": ("常見問題", "Questions and answers"),
    "services.faq_hint": ("依類別瀏覽，或點選關鍵字搜尋", "Browse by category or search by keyword"),
    "faq.title": ("常見問題", "Questions and answers"),
    "faq.categories": ("類別", "Categories"),
    "faq.keywords": ("點選關鍵字搜尋", "Touch words to search"),
    "faq.search": ("搜尋", "Search"),
    "faq.query": ("搜尋：{query}", "Search: {query}"),
    "faq.results": ("共 {total} 題", "{total} question(s)"),
    "faq.none": (
        "查無相關問題，請換個關鍵字或類別",
        "No matching question; please try another word or category",
    ),
    "faq.type_first": ("請先點選關鍵字", "Please touch a word first"),
    "faq.too_long": ("關鍵字太多了，請先刪除再選", "Too many words; please delete one first"),
    "faq.back_to_list": ("回問題列表", "Back to the list"),
    "faq.pick": ("請點選左邊的類別，或點選關鍵字搜尋", "Touch a category on the left, or search by keyword"),
    "tech.name.barcode": ("二維條碼讀取器", "2D barcode reader"),
    "speech.fines": ("請輸入身分證字號、統一編號或罰單編號", "Type your ID, business number or fine number."),
}
