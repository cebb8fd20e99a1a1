"""Every text the kiosk shows or speaks, in Traditional Chinese (default) and English; screens hold no literals."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh-TW", "en")
DEFAULT_LANGUAGE = "zh-TW"

# key: (zh-TW, en). Parameters in braces are filled by translate().
MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("一站式便民服務", "OneStop citizen services"),
    "lang.switch": ("English", "中文"),
    "common.back": ("上一步", "Back"),
    "common.home": ("回首頁", "Home"),
    "common.cancel": ("取消", "Cancel"),
    # two lines in the bar, which also holds the speech buttons: the step's name is never split
    "step.words": ("第 {step} 步，共 {total} 步：\n{name}", "Step {step} of {total}:\n{name}"),
    "step.identify": ("確認身分", "Identify"),
    "step.choose": ("選擇項目", "Choose"),
    "step.fill": ("填寫資料", "Fill in"),
    "step.confirm": ("確認內容", "Confirm"),
    "step.done": ("完成", "Done"),
    "cancel.title": ("要結束並清除資料嗎？", "End and clear everything?"),
    "cancel.body": (
        "您在本次輸入的資料都會清除。要回上一個畫面，請按「上一步」。",
        "Everything you typed will be cleared. To go back one screen, use Back.",
    ),
    "cancel.keep": ("繼續辦理", "Carry on"),
    "cancel.wipe": ("結束並清除", "End and clear"),
    "speech.cancel": ("要結束並清除資料嗎？", "End and clear everything?"),
    "common.next": ("下一步", "Next"),
    "common.ok": ("確定", "OK"),
    "common.clear": ("清除", "Clear"),
    "common.delete": ("刪除", "Delete"),
    "common.finish": ("完成，回首頁", "Finish"),
    "common.prev_page": ("上一頁", "Previous"),
    "common.next_page": ("下一頁", "Next page"),
    "common.page": ("第 {page} / {pages} 頁", "Page {page} of {pages}"),
    "busy.text": ("處理中，請稍候…", "Working, please wait…"),
    "welcome.title": ("歡迎使用一站式便民服務", "Welcome to OneStop citizen services"),
    "welcome.insert_card": ("請插入自然人憑證", "Please insert your citizen certificate card"),
    "welcome.insert_hint": ("插卡後輸入 PIN 碼，即可申辦所有項目", "Then enter its PIN to use every service"),
    "welcome.light_id": ("沒有憑證？\n以身分證字號申辦", "No card?\nUse your ID number"),
    "welcome.progress": ("案件進度查詢", "Check case progress"),
    "welcome.returns": ("繳回文件掃描", "Return signed documents"),
    "welcome.kindergarten": ("幼兒園招生", "Kindergarten places"),
    "welcome.technician": ("維護", "Service"),
    "welcome.reset_notice": ("已清除上一位使用者的資料", "The previous user's data has been cleared"),
    "identify.title": ("以身分證字號確認身分", "Your ID number"),
    "identify.id_label": ("身分證字號", "National ID number"),
    "identify.id_hint": ("1 個英文字母加 9 個數字", "One letter and nine digits"),
    "identify.birth_label": ("出生日期", "Date of birth"),
    "identify.birth_hint": ("民國年月日 7 碼，例：0540312", "YYYYMMDD, e.g. 19650312"),
    "identify.note": ("僅能申辦不需憑證的項目", "Only services that do not need the card"),
    "pin.title": ("請輸入憑證 PIN 碼", "Enter your card's PIN"),
    "pin.label": ("PIN 碼", "PIN"),
    "pin.hint": ("6 至 8 位數字，畫面以 ● 顯示", "6 to 8 digits, shown as ●"),
    "catalogue.title": ("請選擇申辦項目", "Choose a service"),
    "catalogue.hello_card": ("{name} 您好", "Hello, {name}"),
    "catalogue.hello_light": ("身分證 {id}", "ID {id}"),
    "catalogue.offline": (
        "目前與中心離線：顯示上次下載的項目，申請會在連線後自動送出",
        "Offline: showing the last known services; applications are sent when back online",
    ),
    "catalogue.groups_title": ("請選擇服務類別", "Choose a kind of service"),
    "catalogue.group_count": ("共 {count} 項", "Services here: {count}"),
    "catalogue.all_groups": ("所有類別", "All kinds"),
    "catalogue.elsewhere": (
        "本類另有 {count} 項請上網或至臨櫃申辦",
        "{count} more of this kind: apply online or at the counter",
    ),
    "catalogue.fee": ("規費 NT${fee}", "Fee NT${fee}"),
    "catalogue.free": ("免規費", "No fee"),
    "catalogue.empty": (
        "目前沒有可在本機申辦的項目，請洽服務人員",
        "No services available here; please ask staff",
    ),
    "apply.phone": ("手機號碼（接收簡訊通知）", "Mobile number (for SMS updates)"),
    "apply.phone_hint": ("09 開頭共 10 碼", "10 digits starting with 09"),
    "apply.copies": ("份數", "Copies"),
    "apply.form_note": (
        "申請表會列印出來，其餘欄位請以手寫填寫",
        "The form is printed; fill in the rest by hand",
    ),
    "confirm.title": ("請確認申請內容", "Please check your application"),
    "confirm.service": ("申辦項目", "Service"),
    "confirm.applicant": ("申請人", "Applicant"),
    "confirm.phone": ("手機", "Mobile"),
    "confirm.copies": ("份數", "Copies"),
    "confirm.fee": ("應繳規費", "Fee to pay"),
    "confirm.submit": ("確認送出並列印", "Submit and print"),
    "confirm.consent": (
        "按「確認送出並列印」即表示您同意機關為辦理本案處理您的個人資料",
        "By submitting you agree that the agency processes your personal data for this case",
    ),
    "done.title": ("申請完成", "Application received"),
    "done.case_no": ("案件編號", "Case number"),
    "done.password": ("查詢密碼", "Query password"),
    "done.keep": (
        "請收好收據，憑案件編號與查詢密碼可查詢進度",
        "Keep the receipt: the case number and password let you check progress",
    ),
    "done.queued_title": ("已收件，連線後自動送出", "Accepted — will be sent when back online"),
    "done.queued_body": (
        "目前與中心斷線：申請已保存在本機，連線後自動送出，收據上的編號與密碼一樣有效。",
        "The kiosk is offline: your application is saved here and sent automatically; "
        "the number and password on your receipt stay valid.",
    ),
    "done.printed.case_receipt": ("受理憑單（收據）已送印", "Receipt sent to the printer"),
    "done.printed.form": (
        "申請表已列印：手寫填妥簽名後，用「繳回文件掃描」送回",
        "Form printed: fill it in, sign it and return it with “Return signed documents”",
    ),
    "done.fee": (
        "規費NT${fee}：案件受理後會寄發繳費通知，可憑編號與密碼在本機列印繳費單",
        "Fee NT${fee}: you will be told when to pay; print the slip here with your number and password",
    ),
    "kg.board_title": ("公立幼兒園招生名額（第 {phase} 階段）", "Public kindergarten places (phase {phase})"),
    "kg.col_name": ("幼兒園", "Kindergarten"),
    "kg.col_pool": ("班別", "Class"),
    "kg.col_places": ("名額", "Places"),
    "kg.col_registrations": ("登記人數", "Registered"),
    "kg.col_vacancies": ("缺額", "Vacant"),
    "kg.pool.two_year": ("2 歲專班", "2-year class"),
    "kg.pool.mixed": ("3–5 歲混齡", "Mixed 3–5"),
    "kg.board_empty": ("目前沒有招生資料", "No enrolment figures yet"),
    "kg.board_loading": ("讀取中…", "Loading…"),
    "kg.board_note": ("每 30 秒自動更新", "Refreshed every 30 s"),
    "kg.board_truncated": ("資料過多，僅顯示前面部分", "Too many rows: only the first part is shown"),
    "kg.to_result": ("查詢抽籤結果", "Draw result"),
    "kg.result_title": ("幼兒園抽籤結果查詢", "Kindergarten draw result"),
    "kg.number": ("登記編號", "Registration number"),
    "kg.number_hint": ("10 碼數字，印在登記收據上", "10 digits, on your receipt"),
    "kg.birth": ("幼兒出生日期", "Child's date of birth"),
    "kg.birth_hint": ("民國年月日 7 碼，例：1070110", "YYYYMMDD, e.g. 20180110"),
    "kg.number_line": ("登記編號：{number}", "Registration No. {number}"),
    "kg.receipt_title": ("公立幼兒園招生登記", "Public kindergarten registration"),
    "kg.receipt_child": ("幼兒身分證", "Child's ID"),
    "kg.receipt_phase": ("招生階段", "Phase"),
    "kg.receipt_footer": (
        "請保留此單據，憑登記編號查詢抽籤結果",
        "Keep this slip: check the draw with its number",
    ),
    "kg.to_register": ("我要登記", "Register"),
    "kg.register_title": ("幼兒園招生登記", "Register for a kindergarten"),
    "kg.child_id": ("幼兒身分證字號", "Child's national ID"),
    "kg.child_id_hint": ("1 個英文字母加 9 個數字", "One letter and nine digits"),
    "kg.choose": ("選擇幼兒園", "Choose a kindergarten"),
    "kg.choose_none": ("請按此選擇", "Touch to choose"),
    "kg.category": ("一般生（設籍本市）", "general, city resident"),
    "kg.category_note": (
        "其他類別（優先、需協助）請持證明至幼兒園現場登記",
        "Other categories (priority, needs assistance): register at the kindergarten with your papers",
    ),
    "kg.register": ("送出登記", "Register"),
    "kg.registered": ("登記完成", "Registered"),
    "kg.printed": ("收據已列印，請取走", "Your receipt is printed: please take it"),
    "kg.not_printed": ("收據未能列印，請抄下登記編號", "The receipt could not be printed: note the number"),
    "kg.child_line": ("幼兒身分證：{child}", "Child's ID: {child}"),
    "kg.query": ("查詢", "Check"),
    "kg.again": ("查詢其他編號", "Check another number"),
    "kg.to_board": ("招生名額", "Places board"),
    "kg.result_at": ("{name}，第 {phase} 階段", "{name}, phase {phase}"),
    "kg.rank": ("順位：第 {rank} 位", "Position: {rank}"),
    "kg.respond_by": ("請於 {time} 前完成報到", "Please check in by {time}"),
    "kg.status.registered": ("已登記，尚未抽籤", "Registered, not drawn yet"),
    "kg.status.admitted": ("● 已錄取", "● Admitted"),
    "kg.status.waitlisted": ("備取", "On the waiting list"),
    "kg.status.offered": ("● 備取遞補，請到園報到", "● A place is offered: check in on site"),
    "kg.status.checked_in": ("● 已完成報到", "● Checked in"),
    "kg.status.forfeited": ("未於期限內報到，已放棄", "Not checked in by the deadline: place given up"),
    "kg.status.left": ("已退出", "Withdrawn"),
    "error.kg_number": ("請輸入 10 碼數字的登記編號", "Please type the 10-digit registration number"),
    "error.not_logged_in": (
        "請先插入自然人憑證並輸入 PIN 碼",
        "Insert your citizen card and enter its PIN first",
    ),
    "error.kg_category": (
        "此類別請洽幼兒園現場登記",
        "Please register this category at the kindergarten",
    ),
    "error.kg_choose": ("請先選擇幼兒園", "Please choose a kindergarten first"),
    "error.kg_not_found": (
        "查無此登記，請核對登記編號與出生日期",
        "No such registration: check the number and the date of birth",
    ),
    "progress.title": ("案件進度查詢", "Check case progress"),
    "progress.case_no": ("案件編號", "Case number"),
    "progress.password": ("查詢密碼", "Query password"),
    "progress.query": ("查詢", "Check"),
    "progress.again": ("查詢其他案件", "Check another case"),
    "progress.hint": ("兩者都印在收據上", "Both are printed on your receipt"),
    "progress.milestone": ("目前進度：{name}", "Now: {name}"),
    "progress.closed": ("● 已結案", "● Closed"),
    "progress.supplement": (
        "● 等待您補正文件，請依通知補件",
        "● Waiting for your documents; see the notice you received",
    ),
    "progress.due": ("預定完成日：{date}", "Due by: {date}"),
    "progress.slips": ("待繳費單 {count} 張", "{count} payment slip(s) to pay"),
    "progress.print_slips": ("列印繳費單", "Print payment slips"),
    # seed 004:1835: over NT$20,000 no store slip; the citizen pays at a bank or ATM
    "progress.bank_only": (
        "NT${amount} 超過 2 萬元，超商不能代收，不列印繳費單；請於 {date} 前至金融機構臨櫃或 ATM 繳納（繳費編號 {payment_no}）",
        "NT${amount} is over NT$20,000: a store cannot collect it and no slip is printed; "
        "please pay at a bank or an ATM by {date} (payment no. {payment_no})",
    ),
    "progress.slips_printed": (
        "已列印 {count} 張繳費單，請到超商櫃台繳費",
        "{count} slip(s) printed; pay at the store counter",
    ),
    "returns.title": ("繳回文件掃描", "Return signed documents"),
    "returns.instructions": (
        "請將簽好的文件正面朝下放入掃描器，再按「開始掃描」",
        "Put the signed pages face down in the scanner, then press “Start scanning”",
    ),
    "returns.scan": ("開始掃描", "Start scanning"),
    "returns.accepted": (
        "第 {index} 頁：已收件（案件 {case_no}）",
        "Page {index}: accepted (case {case_no})",
    ),
    "returns.flagged": (
        "第 {index} 頁：讀不到條碼，已交由承辦人員處理",
        "Page {index}: no readable code; staff will attach it",
    ),
    "returns.summary": ("共 {total} 頁，已收件 {accepted} 頁", "{total} pages, {accepted} accepted"),
    "tech.title": ("維護模式", "Technician mode"),
    "tech.code": ("維護代碼", "Technician code"),
    "tech.online": ("中心連線：{state}", "Hub link: {state}"),
    "tech.online.yes": ("已連線", "online"),
    "tech.online.no": ("離線", "offline"),
    "tech.queued": ("待送訊息：{count}", "Queued messages: {count}"),
    "tech.component": ("{name}：{state} {reason}", "{name}: {state} {reason}"),
    "tech.name.card": ("讀卡機", "Card reader"),
    "tech.name.printer": ("收據印表機", "Receipt printer"),
    "tech.name.forms": ("A4 表單印表機", "A4 form printer"),
    "tech.name.scanner": ("掃描器", "Scanner"),
    "tech.name.keypad": ("評分按鍵", "Rating keypad"),
    "tech.name.provisioning": ("設備註冊", "Provisioning"),
    "tech.name.a4printer": ("A4/A5 印表機", "A4/A5 printer"),
    "tech.name.barcode": ("條碼讀取器", "Barcode reader"),
    "tech.state.ok": ("正常", "OK"),
    "tech.state.warning": ("注意", "warning"),
    "tech.state.error": ("故障", "fault"),
    "tech.test_print": ("測試列印", "Test print"),
    "tech.test_scan": ("測試掃描", "Test scan"),
    "tech.refresh": ("重新整理", "Refresh"),
    "tech.test_print_ok": ("測試頁已列印", "Test page printed"),
    "tech.test_scan_ok": ("掃描器正常", "Scanner works"),
    "tech.exit": ("離開維護模式", "Leave technician mode"),
    "idle.title": ("還需要更多時間嗎？", "Do you need more time?"),
    "idle.body": (
        "{seconds} 秒後將回到首頁，並清除您輸入的資料",
        "In {seconds} s the kiosk returns to the start and clears your data",
    ),
    "idle.more": ("我需要更多時間", "Yes, more time"),
    "error.id_length": (
        "身分證字號是 1 個英文字母加 9 個數字，請重新輸入",
        "An ID number is one letter and nine digits",
    ),
    "error.id_check": (
        "身分證字號不正確，請核對證件後重新輸入",
        "That ID number is not valid; check your card",
    ),
    "error.birth_date": (
        "出生日期不正確，請輸入民國年月日 7 碼（例：0540312）",
        "Date of birth not valid; enter YYYYMMDD (e.g. 19650312)",
    ),
    "error.pin_length": (
        "PIN 碼是 6 至 8 位數字，請重新輸入",
        "The PIN has 6 to 8 digits; please enter it again",
    ),
    "error.wrong_pin": (
        "PIN 碼錯誤，還可以再試 {tries} 次；錯誤 3 次卡片會被鎖住",
        "Wrong PIN. Tries left: {tries}. After 3 wrong PINs the card locks",
    ),
    "error.card_blocked": (
        "卡片已鎖住，無法使用。請帶身分證到戶政事務所解鎖，或改用身分證字號申辦",
        "The card is locked. Unlock it at a household registration office, or use your ID number",
    ),
    "error.card_unusable": (
        "無法讀取這張卡片，請確認插入的是自然人憑證，或改用身分證字號申辦",
        "This card cannot be read; check it is a citizen certificate card, or use your ID number",
    ),
    "error.no_card": ("請將自然人憑證插入讀卡機", "Please insert your card into the reader"),
    "error.card_removed": (
        "卡片已取出，請重新插入後再輸入 PIN 碼",
        "The card was taken out; insert it and enter the PIN again",
    ),
    "error.pin_blocked": (
        "卡片已鎖住，無法使用。請帶身分證到戶政事務所解鎖，或改用身分證字號申辦",
        "The card is locked. Unlock it at a household registration office, or use your ID number",
    ),
    "error.invalid_pin": (
        "PIN 碼是 6 至 8 位數字，請重新輸入",
        "The PIN has 6 to 8 digits; please enter it again",
    ),
    "error.login_refused": (
        "無法以這張卡登入（憑證可能已過期或停用），請洽服務人員，或改用身分證字號申辦",
        "This card cannot be used (its certificate may be expired or revoked); ask staff or use your ID number",
    ),
    "error.reader_unavailable": (
        "讀卡機暫時無法使用，請洽服務人員",
        "The card reader is not working; please ask staff",
    ),
    "error.agent_says": ("{text}", "{text}"),
    "error.phone": ("請輸入 09 開頭的 10 碼手機號碼", "Enter a 10-digit mobile number starting with 09"),
    "error.case_no": (
        "案件編號應為 {case_length} 碼，如 {case_example}；請核對收據，或按「掃描收據」",
        "A case number has {case_length} characters, like {case_example}; check your receipt or scan it",
    ),
    "error.query_password": (
        "查詢密碼應為 {password_length} 碼，如 {password_example}，沒有 {left_out}；請核對收據",
        "The query password has {password_length} characters, like {password_example}, never {left_out}; "
        "check your receipt",
    ),
    "error.case_not_found": (
        "查無此案件，或查詢密碼錯誤。請核對收據後再試",
        "No case with this number and password; check your receipt and try again",
    ),
    "error.rate_limited": (
        "查詢次數太多，請 15 分鐘後再試",
        "Too many tries; please try again in 15 minutes",
    ),
    "error.agent_unavailable": (
        "本機暫停服務，請洽服務人員或改用其他機台",
        "This kiosk is out of service; please ask staff or use another kiosk",
    ),
    "error.hub_unavailable": (
        "目前無法連線到中心，請稍後再試；急件請洽服務人員",
        "The service centre cannot be reached; try again later or ask staff",
    ),
    "error.no_catalogue": (
        "目前離線，也沒有服務項目資料，請稍後再試或洽服務人員",
        "Offline and no service list is stored yet; try later or ask staff",
    ),
    "error.unknown_service": (
        "這個項目不能在本機申辦，請選其他項目",
        "This service is not offered here; choose another",
    ),
    "error.unknown_group": (
        "沒有這個服務類別，請選畫面上的類別",
        "There is no such kind of service; choose one on the screen",
    ),
    "error.session_ended": ("操作已結束，請重新開始", "Your session ended; please start again"),
    "error.technician_code": ("維護代碼錯誤", "Wrong technician code"),
    "error.general": (
        "發生錯誤，請再試一次；仍不行請洽服務人員",
        "Something went wrong; try again or ask staff",
    ),
    "error.device.paper_out": (
        "印表機缺紙：您的申請已完成，請洽店員補紙，補紙後會自動列印",
        "Printer out of paper: your application is done; ask staff to refill it and it prints by itself",
    ),
    "error.device.cover_open": ("印表機蓋未關好，請洽店員", "The printer cover is open; please ask staff"),
    "error.device.jammed": (
        "掃描器卡紙，請洽店員取出後再按「開始掃描」繼續",
        "The scanner jammed; ask staff to clear it, then press Start to continue",
    ),
    "error.device.offline": ("設備離線，請洽店員", "A device is offline; please ask staff"),
    "error.device.unavailable": ("設備暫時無法使用，請洽店員", "A device is not available; please ask staff"),
    "error.device.printer_unavailable": (
        "印表機暫時無法使用，請洽店員",
        "The printer is not available; please ask staff",
    ),
    "error.device.scanner_busy": (
        "掃描器忙碌中，請稍候再試",
        "The scanner is busy; please try again in a moment",
    ),
    "error.device.no_paper": (
        "掃描器內沒有文件，請放入文件後再按開始掃描",
        "No pages in the scanner; put them in and press Start",
    ),
    "speech.welcome": ("歡迎使用，請插入自然人憑證", "Welcome. Please insert your citizen certificate card."),
    "speech.pin": ("請輸入憑證密碼", "Please enter your card PIN."),
    "speech.idle": (
        "還需要更多時間嗎？請按螢幕上的按鈕",
        "Do you need more time? Touch the button on screen.",
    ),
    "check.title": ("請確認單據是否已印出", "Did your slip come out?"),
    "check.body": (
        "列印剛才中斷，無法確定您的{doc}是否已經印出。請看看出紙口，再按下面的按鈕。",
        "Printing was interrupted, so we cannot tell whether your {doc} came out. "
        "Please look at the printer's slot, then touch a button below.",
    ),
    "check.doc.receipt": ("收據", "receipt"),
    "check.doc.case_receipt": ("受理憑單（收據）", "receipt"),
    "check.doc.payment_slip": ("繳費單", "payment slip"),
    "check.have_it": ("已取得單據", "I have it"),
    "check.print_again": ("沒有，重新列印", "Print again"),
    "check.note": (
        "不確定時請洽服務人員，不要重複繳費",
        "Not sure? Please ask a member of staff; never pay twice.",
    ),
    "take_card.title": ("請取回卡片", "Please take your card"),
    "take_card.title_papers": ("請取回卡片及單據", "Please take your card and your papers"),
    "take_card.body": (
        "您的自然人憑證還在讀卡機裡，請將卡片取出。",
        "Your citizen certificate card is still in the reader. Please take it out.",
    ),
    "take_card.body_papers": (
        "您的自然人憑證還在讀卡機裡，請將卡片取出，並取走出紙口的單據。",
        "Your citizen certificate card is still in the reader. Please take it out, and take your papers from the printer slot.",
    ),
    "take_card.next": ("取出卡片後，下一位才能使用", "The next person can start once the card is out."),
    "speech.take_card": ("請取回卡片", "Please take your card."),
    "speech.take_card_papers": ("請取回卡片及單據", "Please take your card and your papers."),
    "speech.take_papers": ("請記得取走您的單據", "Please remember to take your papers."),
    "welcome.take_papers": (
        "請記得取走出紙口的單據",
        "Please remember to take your papers from the printer slot",
    ),
    "speech.check": ("請確認是否已取得單據", "Please check whether your slip came out."),
    "speech.done": ("申請完成，請取走收據", "Your application is done. Please take your receipt."),
}


def component_name(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """An agent component's name for the technician screen (``tech.name.<name>``); unknown ones as sent."""
    key = f"tech.name.{name}"
    return translate(key, lang) if key in MESSAGES else name


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text for ``key`` in ``lang``; an unknown key raises KeyError (a test checks every key used)."""
    zh, en = MESSAGES[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


def _merge_service_messages() -> None:
    """The services of issue 17 keep their texts in their own module (kiosk/messages_services.py)."""
    from kiosk.messages_forms import FORMS_MESSAGES
    from kiosk.messages_kindergarten import KINDERGARTEN_MESSAGES
    from kiosk.messages_printing import PRINTING_MESSAGES
    from kiosk.messages_services import SERVICE_MESSAGES
    from kiosk.messages_speech import SPEECH_MESSAGES
    from kiosk.messages_technician import TECHNICIAN_MESSAGES

    MESSAGES.update(SERVICE_MESSAGES)
    MESSAGES.update(FORMS_MESSAGES)
    MESSAGES.update(PRINTING_MESSAGES)
    MESSAGES.update(SPEECH_MESSAGES)
    MESSAGES.update(KINDERGARTEN_MESSAGES)
    MESSAGES.update(TECHNICIAN_MESSAGES)


_merge_service_messages()
