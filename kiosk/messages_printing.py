"""Texts of issue 18's defects 3, 4 and 10 (formats and the receipt's QR, what prints and what it costs, the
progress answer), zh-TW and English; merged into kiosk.messages. Formats are filled from the wire contract
(kiosk.keypads.code_formats), never spelled here."""

from __future__ import annotations

PRINTING_MESSAGES: dict[str, tuple[str, str]] = {
    "error.case_no_typo": (
        "案件編號有一碼不對，請逐字核對收據（後 10 碼沒有 {left_out}），或按「掃描收據」",
        "One character of the case number is wrong; compare it with your receipt (the last 10 never use "
        "{left_out}), or scan it",
    ),
    "progress.hint_case_no": (
        "共 {case_length} 碼，如 {case_example}",
        "{case_length} characters, like {case_example}",
    ),
    "progress.hint_date": ("接著 6 位數字：申請的年月日", "Then 6 digits: the date it was filed"),
    "progress.hint_tail": ("後 10 碼是英文與數字，沒有 {left_out}", "The last 10 never use {left_out}"),
    "progress.hint_password": (
        "共 {password_length} 碼，沒有 {left_out}",
        "{password_length} characters, never {left_out}",
    ),
    "progress.scan": ("掃描收據", "Scan receipt"),
    "progress.scan_title": ("讀取收據上的 QR 碼", "Read the QR code on your receipt"),
    "progress.scan_steps": (
        "1. 將收據有 QR 碼的一面朝下，放入掃描器進紙口。\n2. 按「開始讀取」。\n讀到後會自動填入案件編號與查詢密碼並查詢。",
        "1. Put the receipt in the scanner, QR code face down.\n2. Press the Read it now button.\n"
        "The case number and password are filled in and checked for you.",
    ),
    "progress.scan_start": ("開始讀取", "Read it now"),
    "progress.scan_type": ("改用按鍵輸入", "Type it instead"),
    "progress.read_case_only": (
        "已讀到案件編號；這張收據沒有印查詢密碼，請用按鍵輸入密碼",
        "Case number read; this receipt has no password printed, please type it",
    ),
    "progress.supplement_note": ("承辦人員說明：{note}", "From the office: {note}"),
    # English screens: the staff's note is in Chinese, and the milestone may have no English name
    "progress.supplement_note_chinese": (
        "承辦人員另有說明，請切換為中文畫面閱讀",
        "The office left you a note in Chinese; touch the language button at the top to read it",
    ),
    "progress.milestone_unnamed": (
        "目前進度：請洽服務人員",
        "Now: in progress (ask the staff for the step)",
    ),
    "progress.slip_line": (
        "● 繳費單 {index}：新臺幣 {amount} 元，請於{date}前繳費",
        "● Slip {index}: NT${amount}, pay by {date}",
    ),
    "progress.password_hidden": ("●●●●●●●●（已隱藏）", "●●●●●●●● (hidden)"),
    "error.receipt_unreadable": (
        "讀不到收據上的 QR 碼。請將收據有 QR 碼的一面朝下放平再試一次，或改用按鍵輸入",
        "The receipt's QR code could not be read. Lay it flat, QR code face down, and try again, or type",
    ),
    "error.receipt_no_paper": (
        "掃描器裡沒有收據。請將收據有 QR 碼的一面朝下放入進紙口，再按「開始讀取」",
        "There is no receipt in the scanner. Put it in, QR code face down, then press Read it now",
    ),
    "done.password_hidden": (
        "查詢密碼已隱藏，它印在您的收據上",
        "The query password is hidden now; it is printed on your receipt",
    ),
    "print.title": ("列印前請確認：將印出這些單據", "Before printing: this is what will come out"),
    "print.item.receipt": ("受理憑單（收據）1 張", "Receipt (proof of filing): 1"),
    "print.item.form": ("申請表「{title}」{count} 頁", "Form “{title}”: {count} page(s)"),
    # forms are titled in Chinese only: an English screen names none (one language per screen)
    "print.item.form_count": ("申請表 {count} 頁", "Application form: {count} page(s)"),
    "print.item.slip": ("超商繳費單 1 張（繳費編號 {title}）", "Store payment slip (no. {title})"),
    "print.item.fine": ("罰鍰繳納憑證及繳費單 1 張（罰單 {title}）", "Fine receipt and slip (fine {title})"),
    "print.free": ("免費", "free"),
    "print.each": ("每頁 {price} 元，共 {total} 元", "NT${price} a page: NT${total}"),
    "print.total": (
        "列印費用合計：新臺幣 {total} 元（印完到櫃台付款）",
        "Printing costs NT${total} in all (pay at the counter afterwards)",
    ),
    "print.total_free": ("列印不收費", "Printing is free"),
    "print.fee_later": (
        "規費 {fee} 元現在不收：案件受理後會通知您，再憑繳費單繳納",
        "The fee of NT${fee} is not paid now: you will be told when to pay it with a slip",
    ),
    "print.no_fee": ("本項目免規費", "This service has no fee"),
    "print.pay_at_store": (
        "繳費單金額合計新臺幣 {amount} 元，請持單到超商櫃台繳費",
        "The slips come to NT${amount}; pay them at the store counter",
    ),
    "print.return_scan": (
        "申請表填好簽名後，可用本機「繳回文件掃描」回傳，掃描費 {price} 元",
        "Once filled in and signed, return the form with this kiosk's scanner: NT${price}",
    ),
    "print.go": ("列印", "Print"),
    "step.print": ("確認列印", "Print"),
}
