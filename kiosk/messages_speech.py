"""What the kiosk says on each screen (issue 18, defect 6): one spoken instruction per screen, both languages."""

from __future__ import annotations

SPEECH_MESSAGES: dict[str, tuple[str, str]] = {
    "speech.identify": (
        "請輸入身分證字號，再輸入出生日期",
        "Type your ID number, then your date of birth.",
    ),
    "speech.catalogue": ("請點選要申辦的項目", "Touch the service you want."),
    "speech.apply": ("請輸入手機號碼，再按下一步", "Type your mobile number, then touch Next."),
    "speech.confirm": (
        "請確認畫面上的申請內容，無誤請按確認送出",
        "Check your application on the screen, then touch Submit.",
    ),
    "speech.done_queued": (
        "已收件，連線後會自動送出。請取走收據",
        "Accepted. It will be sent when the kiosk is back online. Please take your receipt.",
    ),
    "speech.slip": (
        "請輸入案件編號，和您在網路申辦時自己設定的密碼",
        "Type the case number and the password you chose when you applied online.",
    ),
    "speech.progress": (
        "請輸入收據上的案件編號和查詢密碼",
        "Type the case number and the password from your receipt.",
    ),
    "speech.returns": (
        "請把簽好的文件放進掃描器，再按開始掃描",
        "Put your signed pages in the scanner, then touch Start scanning.",
    ),
    "speech.tech_login": ("請輸入維護代碼", "Type the technician code."),
    "speech.technician": ("維護模式，請查看設備狀態", "Technician mode: check the device status."),
    "speech.kg_board": (
        "這是幼兒園招生名額。要登記請按我要登記，要查結果請按查詢抽籤結果",
        "These are the kindergarten places. Touch Register to register, or Draw result to check a result.",
    ),
    "speech.kg_result": (
        "請輸入登記編號和幼兒出生日期",
        "Type the registration number and the child's date of birth.",
    ),
    "speech.kg_register": (
        "請輸入幼兒身分證字號、出生日期和家長手機號碼，再按下一步選擇幼兒園",
        "Type the child's ID, date of birth and your mobile number, then touch Next to choose a kindergarten.",
    ),
    "speech.kg_choose": ("請點選要登記的幼兒園", "Touch the kindergarten to register for."),
    "speech.kg_category": ("請點選登記身分", "Touch the category."),
    "speech.kg_confirm": (
        "請確認登記內容，無誤請按確認送出",
        "Check the registration, then touch Submit.",
    ),
    "speech.kg_registered": ("登記完成，請取走收據", "Registered. Please take your receipt."),
    "speech.services": ("請點選您要的服務", "Touch the service you want."),
    "speech.fines_list": (
        "請勾選要繳的罰鍰，再按列印繳費單",
        "Tick the fines to pay, then touch Print.",
    ),
    "speech.faq": ("請點選類別或關鍵字", "Touch a category or some words to search."),
    "speech.jobs": ("請點選鄉鎮市", "Touch a township."),
    "speech.progress_scan": (
        "請將收據有 QR 碼的一面朝下放入掃描器，再按開始讀取",
        "Put the receipt in the scanner, QR code face down, then touch Read it now.",
    ),
    "speech.progress_answer": (
        "查詢結果在畫面上。要查其他案件請按查詢其他案件",
        "Your case status is on the screen. To check another case, touch Check another case.",
    ),
    "speech.print_plan": (
        "請看畫面上將印出的單據和費用，確認後請按列印，不印請按上一步",
        "Check what will print and what it costs, then touch Print, or Back to stop.",
    ),
    "speech.print_plan_apply": (
        "請看畫面上將印出的單據和費用，確認後請按確認送出並列印，不送出請按上一步",
        "Check what will print and what it costs, then touch Submit and print, or Back to stop.",
    ),
    "speech.forms": ("請點選表單類別", "Touch a form category."),
    "speech.forms_list": ("請點選要列印的表單", "Touch the form to print."),
    "speech.forms_print": (
        "要列印這張空白表單，請按列印空白表單",
        "To print this blank form, touch Print a blank form.",
    ),
    "speech.forms_printed": (
        "表單已印出，請於下方出紙口取件。要列印其他表單，請按列印其他表單",
        "The form is printed; take it from the slot below. To print another, touch Print another form.",
    ),
    "speech.volume": ("音量{level}", "Volume {level}"),
    "common.repeat": ("再聽一次", "Repeat"),
    "volume.label": ("音量：{level}", "Volume: {level}"),
    "volume.level.0": ("關", "off"),
    "volume.level.1": ("小", "low"),
    "volume.level.2": ("中", "medium"),
    "volume.level.3": ("大", "high"),
}
