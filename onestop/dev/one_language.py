"""Is a rendered page in one language? The label texts of a page in Chromium, and the rules they must keep.

``page_labels(page)`` collects what the reader sees as the page's own words: text nodes and the ``title``,
``aria-label``, ``placeholder`` attributes and button values, leaving out data (anything inside an element
marked ``translate="no"``: names, case numbers, office names…), code, scripts, and the language button
(``data-lang-switch``, which names the other language in that language, as every site does).
``mixed_labels(labels, lang)`` returns the offending texts:

- zh-TW: an English word (two or more Latin letters, not all capitals: acronyms such as SLA, PDF, QR, ID
  are how Taiwanese offices write them) other than the product's name;
- en: any Han character or CJK punctuation;
- both: a time that looks like UTC (``UTC``, ``GMT``, ``…Z`` or ``+00:00`` after a clock time);
- zh-TW: a Gregorian date (``2026-12-04``, ``2026/12/04``): dates there are ROC years (``115/12/04``).
"""

from __future__ import annotations

import re
from typing import Any

#: Brand and unit words a zh-TW page may spell in Latin letters.
LATIN_ALLOWED = frozenset({"OneStop", "px", "kB", "MB"})
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
_UTC = re.compile(r"\bUTC\b|\bGMT\b|\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z\b|\+00:?00)")
_GREGORIAN = re.compile(r"\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\b")

_COLLECT = """() => {
  const skip = el => el.closest('[translate="no"], script, style, noscript, code, pre, template, [data-lang-switch], [hidden]');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (text && !skip(n.parentElement)) out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], input[type=submit]')) {
    if (skip(el)) continue;
    for (const a of ['title', 'aria-label', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    if (el.type === 'submit' && el.value) out.push(el.value);
  }
  out.push(document.title);
  return out;
}"""


def page_labels(page: Any) -> list[str]:
    """The label texts of a Playwright page, data values left out (see the module's docstring)."""
    return list(page.evaluate(_COLLECT))


def mixed_labels(labels: list[str], lang: str) -> list[str]:
    """The texts that break one language per screen (or show UTC-looking times) on a page in ``lang``."""
    bad = []
    for text in labels:
        if _UTC.search(text):
            bad.append(text)
        elif lang == "en":
            if _CJK.search(text):
                bad.append(text)
        elif _GREGORIAN.search(text):
            bad.append(text)
        else:
            words = [w for w in _LATIN_WORD.findall(text) if w not in LATIN_ALLOWED and not w.isupper()]
            if words:
                bad.append(text)
    return bad
