"""Texts of the forms library screens (issue 15), zh-TW and English."""

FORMS_MESSAGES: dict[str, tuple[str, str]] = {
    "services.forms": ("各項表單", "Forms"),
    "services.forms_hint": (
        "依類別找申請書，免費列印最新版",
        "Find a form by category; print the newest free",
    ),
    "forms.title": ("各項表單", "Forms"),
    "forms.pick_category": ("各項表單：請點選表單類別", "Forms: touch a category"),
    "forms.pick_form": ("{name}：請點選要列印的表單", "{name}: touch the form to print"),
    "forms.count": ("{name}（{count} 種）", "{name} ({count})"),
    "forms.offline": (
        "目前未連線，列印本機保存的最新版本",
        "Offline now: prints the newest version kept here",
    ),
    "forms.empty": ("本機尚未收到表單，請洽服務人員", "No forms here yet; please ask the staff"),
    "forms.version": ("第 {version} 版，{effective} 起適用", "Version {version}, in force from {effective}"),
    "forms.print": ("列印空白表單", "Print a blank form"),
    "forms.printed": (
        "已列印第 {version} 版，請於下方出紙口取件",
        "Version {version} printed; take it below",
    ),
    "forms.another": ("列印其他表單", "Print another form"),
    "tech.name.library": ("表單庫", "Forms library"),
    "step.forms_category": ("選擇類別", "Category"),
    "step.forms_form": ("選擇表單", "Form"),
    "step.forms_print": ("列印", "Print"),
}
