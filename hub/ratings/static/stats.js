// Rating statistics charts (Chart.js, vendored): satisfied share per period and ratings per button.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var palette = ["#0b4f8a", "#1b7f3b", "#b3261e", "#8a4b00", "#6a1b9a", "#00796b", "#c2185b", "#455a64"];
  var font = { family: '"Noto Sans CJK TC", "Noto Sans TC", system-ui, sans-serif', size: 13 };
  Chart.defaults.font = font;
  Chart.defaults.animation = false;
  new Chart(document.getElementById("share-chart"), {
    type: "line",
    data: {
      labels: data.periods,
      datasets: data.keys.map(function (k, i) {
        return { label: k, data: data.share[k], borderColor: palette[i % palette.length],
                 backgroundColor: palette[i % palette.length], spanGaps: true, tension: 0.2 };
      })
    },
    options: { responsive: true, scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } } }
  });
  var TEXT = JSON.parse(document.getElementById("chart-data").dataset.labels);  // the page's language
  var buttons = [
    ["very_satisfied", TEXT.buttons.very_satisfied, "#1b7f3b"], ["satisfied", TEXT.buttons.satisfied, "#7cb342"],
    ["dissatisfied", TEXT.buttons.dissatisfied, "#f09300"], ["very_dissatisfied", TEXT.buttons.very_dissatisfied, "#b3261e"]
  ];
  var sets = buttons.map(function (b) { return { label: b[1], data: data.counts[b[0]], backgroundColor: b[2], stack: "official", maxBarThickness: 90 }; });
  sets.push({ label: TEXT.excluded, data: data.unsolicited, backgroundColor: "#bdbdbd", stack: "excluded", maxBarThickness: 90 });
  new Chart(document.getElementById("count-chart"), {
    type: "bar",
    data: { labels: data.keys, datasets: sets },
    options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
