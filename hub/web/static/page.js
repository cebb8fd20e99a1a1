// The staff pages' behaviour in one file, so the Content-Security-Policy can forbid inline scripts
// (script-src 'self'): templates mark elements with data attributes and this wires them up.
(function () {
  "use strict";
  // <button data-print> prints the page.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // <select data-autosubmit> submits its form when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  // <select data-checklist> shows the .checklist whose data-service is the chosen one (and unticks the others).
  document.querySelectorAll("select[data-checklist]").forEach(function (s) {
    function show() {
      document.querySelectorAll(".checklist").forEach(function (d) {
        d.hidden = d.dataset.service !== s.value;
        if (d.hidden) d.querySelectorAll("input").forEach(function (i) { i.checked = false; });
      });
    }
    s.addEventListener("change", show);
  });
  // <span id="state" data-job-url="…json"> follows a counter print job until it is final.
  var state = document.querySelector("#state[data-job-url]");
  if (state) {
    (function poll() {
      fetch(state.dataset.jobUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
        var names = state.dataset.labels ? JSON.parse(state.dataset.labels) : {};  // the page's language
        state.textContent = names[j.state] || j.state; state.dataset.state = j.state;
        state.className = "tag " + (j.state === "completed" ? "ok" : j.state === "failed" ? "bad" : "info");
        var reason = document.getElementById("reason");
        if (reason) { reason.textContent = j.reason; reason.className = j.paper_out ? "flash error" : "muted"; }
        if (!j.final) setTimeout(poll, 1000);
      }).catch(function () { setTimeout(poll, 2000); });
    })();
  }
  // .scan-widget: the hub asks the counter's agent to scan, the page waits for the pages and previews them.
  document.querySelectorAll(".scan-widget").forEach(function (root) {
    var TEXT = JSON.parse(root.dataset.labels);  // the page's language, rendered by the hub
    var button = root.querySelector(".scan-button"), note = root.querySelector(".scan-state");
    var hidden = root.querySelector("input[name=scan]"), previews = root.querySelector(".scan-previews");
    button.addEventListener("click", async function () {
      var device = root.querySelector(".scan-device").value;
      if (!device) { note.textContent = TEXT.none; return; }
      button.disabled = true; hidden.value = ""; previews.style.display = "none"; previews.replaceChildren();
      note.textContent = TEXT.busy;
      var started = await fetch("/api/v1/scans", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ device: device, purpose: button.dataset.purpose }) });
      if (!started.ok) { note.textContent = TEXT.cannot + (await started.text()); button.disabled = false; return; }
      var batch = (await started.json()).batch;
      for (var i = 0; i < 300; i++) {
        var r = await (await fetch("/api/v1/scans/" + batch)).json();
        if (r.error) { note.textContent = TEXT.failed + r.error; break; }
        if (r.complete) {
          hidden.value = batch;
          r.pages.forEach(function (url) {
            var img = document.createElement("img"); img.src = url; img.alt = TEXT.preview;
            img.style.maxWidth = "200px"; img.style.border = "1px solid var(--line)"; previews.append(img);
          });
          previews.style.display = "flex"; note.textContent = TEXT.done.replace("{n}", r.pages.length); break;
        }
        await new Promise(function (ok) { setTimeout(ok, 200); });
      }
      button.disabled = false;
    });
  });
  // <tbody data-live-devices="stream url">: the devices view, replaced by what the hub's stream sends.
  var devices = document.querySelector("tbody[data-live-devices]");
  if (devices && window.EventSource) {
    var live = document.getElementById("live"), summary = document.getElementById("device-summary");
    var title = document.title, lost = null;
    var source = new EventSource(devices.dataset.liveDevices);
    source.onopen = function () {
      clearTimeout(lost);
      live.textContent = live.dataset.liveText; live.className = "tag ok";
    };
    source.onerror = function () {  // each stream ends after a few seconds: speak only of a lasting loss
      clearTimeout(lost);
      lost = setTimeout(function () { live.textContent = live.dataset.lostText; live.className = "tag warn"; }, 2000);
    };
    source.addEventListener("devices", function (e) {
      var parts = JSON.parse(e.data);  // HTML the hub rendered and escaped from its own templates
      devices.innerHTML = parts.rows;
      summary.innerHTML = parts.summary;
      var bad = devices.querySelectorAll("tr.fault, tr.offline").length;
      document.title = (bad ? "(" + bad + ") " : "") + title;
    });
  }
})();
