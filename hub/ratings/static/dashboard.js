// Live alarm dashboard: server-sent events add alarm cards at once and remove acknowledged ones.
(function () {
  "use strict";
  var list = document.getElementById("alarms");
  var none = document.getElementById("none");
  var live = document.getElementById("live");
  var template = document.getElementById("alarm-template");
  var TEXT = JSON.parse(list.dataset.labels);  // the page's language, rendered by the hub (ratings/_labels.html)
  var after = Number(list.dataset.after || 0);
  var site = list.dataset.site || "";
  var title = document.title;

  // Office time (Asia/Taipei) whatever the browser's zone, the same as the server-rendered cards.
  var clock = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Taipei", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });
  function fmt(ms) { return clock.format(new Date(ms)); }

  // One audio context for the page, made at the first alarm (browsers cap how many a page may open, and
  // making one took tens of milliseconds in front of the card being drawn). It is suspended when the beep has
  // ended: a running context renders silence on an audio thread all the time, work the browser then does
  // beside the next alarm (issue 19).
  var audio = null, sounding = 0;
  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume().catch(function () {});
      var osc = audio.createOscillator();
      osc.frequency.value = 880;
      osc.connect(audio.destination);
      sounding += 1;
      osc.onended = function () { sounding -= 1; if (!sounding && audio.state === "running") audio.suspend().catch(function () {}); };
      osc.start();
      osc.stop(audio.currentTime + 0.4);
    } catch (e) { /* no audio device: the card and the desk buzzer still alert */ }
  }

  function refresh() {
    var open = list.querySelectorAll("article.alarm").length;
    none.hidden = open > 0;
    document.title = (open ? "(" + open + ") " : "") + title;
  }

  function add(a) {
    if (list.querySelector('article.alarm[data-id="' + a.id + '"]')) return;
    var card = template.content.firstElementChild.cloneNode(true);
    card.dataset.id = a.id;
    card.dataset.kind = a.kind;
    if (a.kind === "negative_share") card.classList.add("share");
    card.querySelector(".kind").textContent = TEXT[a.kind] || a.kind;
    card.querySelector(".where").textContent = a.counter_name + " · " + a.site;
    card.querySelector(".at").textContent = fmt(a.pressed_at || a.raised_at);
    card.querySelector(".case").textContent = a.case_no ? TEXT.case + " " + a.case_no
      : (a.solicited ? "" : TEXT.unsolicited);
    card.querySelector(".detail").textContent = a.detail || "";
    var form = card.querySelector("form");
    form.action = "/staff/ratings/alarms/" + a.id + "/ack";
    card.querySelector("label").htmlFor = "note-" + a.id;
    card.querySelector("textarea").id = "note-" + a.id;
    card.classList.add("fresh", "ring");
    list.insertBefore(card, list.firstChild);
    var blinks = 5;  // ring on now, then off/on every half second: three flashes, six repaints in all
    (function blink() {
      if (blinks-- > 0) setTimeout(function () { card.classList.toggle("ring"); blink(); }, 500);
    })();
    after = Math.max(after, a.id);
    refresh();
    setTimeout(beep, 0);  // after the card is drawn
  }

  function remove(a) {
    var card = list.querySelector('article.alarm[data-id="' + a.id + '"]');
    if (card) card.remove();
    refresh();
  }

  function connect() {
    var url = "/api/v1/ratings/alarms/stream?after=" + after + (site ? "&site=" + encodeURIComponent(site) : "");
    var source = new EventSource(url);
    var lost = null;  // the server ends each stream after a few seconds; only a lasting loss is shown
    source.onopen = function () {
      clearTimeout(lost);
      live.textContent = TEXT.live;
      live.className = "tag ok";
    };
    source.onerror = function () {
      clearTimeout(lost);
      lost = setTimeout(function () { live.textContent = TEXT.lost; live.className = "tag warn"; }, 2000);
    };
    source.addEventListener("alarm", function (e) { add(JSON.parse(e.data)); });
    source.addEventListener("ack", function (e) { remove(JSON.parse(e.data)); });
  }

  refresh();
  connect();
})();
