// Public enrolment board: apply the server-sent "rows" events to the table in place (no reload).
(function () {
  "use strict";
  var table = document.getElementById("board");
  var status = document.getElementById("live-status");
  if (!table || !window.EventSource) { return; }
  var phase = table.getAttribute("data-phase");
  var pools = { two_year: "2 歲專班 2-year class", mixed: "3–5 歲混齡班 mixed 3–5" };
  var shown = function (v) { return v === null || v === undefined ? "—" : String(v); };

  function say(zh, en) { status.textContent = zh + " " + en; }

  function rowFor(r) {
    var key = r.kindergarten + "|" + r.pool;
    var tr = table.querySelector('tr[data-key="' + CSS.escape(key) + '"]');
    if (tr) { return tr; }
    var empty = table.querySelector("tr.empty");
    if (empty) { empty.remove(); }
    tr = document.createElement("tr");
    tr.setAttribute("data-key", key);
    var th = document.createElement("th");
    th.scope = "row";
    th.textContent = r.name_zh + " " + r.name_en + " (" + r.kindergarten + ")";
    var cls = document.createElement("td");
    cls.textContent = pools[r.pool] || r.pool;
    tr.appendChild(th);
    tr.appendChild(cls);
    ["places", "registrations", "vacancies"].forEach(function (f) {
      var td = document.createElement("td");
      td.className = "num";
      td.setAttribute("data-field", f);
      tr.appendChild(td);
    });
    table.tBodies[0].appendChild(tr);
    return tr;
  }

  function apply(rows) {
    rows.forEach(function (r) {
      var tr = rowFor(r);
      ["places", "registrations", "vacancies"].forEach(function (f) {
        var td = tr.querySelector('td[data-field="' + f + '"]');
        var text = shown(r[f]);
        if (td.textContent !== text) {
          td.textContent = text;
          td.classList.add("changed");
          setTimeout(function () { td.classList.remove("changed"); }, 2000);
        }
      });
    });
    var t = new Date().toLocaleTimeString("zh-TW", { hour12: false, timeZone: "Asia/Taipei" });
    say("即時更新中，最後更新 " + t + "。", "Live; last update " + t + ".");
  }

  // The page's digest: the first connection sends only what changed since the server rendered it.
  var url = "/api/v1/enrolment/board/stream?phase=" + encodeURIComponent(phase) +
    "&since=" + encodeURIComponent(table.getAttribute("data-digest"));
  var source = new EventSource(url);
  source.addEventListener("rows", function (e) { apply(JSON.parse(e.data).rows); });
  // A stream ends every few seconds and reconnects at once: speak only of an interruption that lasts.
  var lost = false, timer = null;
  source.onopen = function () {
    clearTimeout(timer);
    if (lost) { lost = false; say("已重新連線，即時更新中。", "Reconnected; live."); }
  };
  source.onerror = function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      lost = true;
      say("連線中斷，正在重新連線…", "Connection lost; reconnecting…");
    }, 3000);
  };
  say("即時更新中。", "Live.");
})();
