// Draws every chart from its JSON data island with the vendored Chart.js; the tables stay as the
// accessible, JavaScript-free version of the same figures (collapsed once a chart is drawn).
(function () {
  "use strict";
  document.documentElement.classList.replace("no-js", "js");
  var PALETTE = ["#1f5fa8", "#e0a100", "#3a8f5c", "#b8433b", "#6b4fa0", "#4a8fa8", "#8a6d3b"];

  function options(cfg) {
    var horizontal = cfg.kind === "hbar" || cfg.kind === "band" || cfg.kind === "hstacked";
    var stacked = cfg.kind === "stacked" || cfg.kind === "hstacked";
    var value = { beginAtZero: cfg.kind !== "band", stacked: stacked, title: { display: true, text: cfg.axis } };
    var category = { stacked: stacked, ticks: { autoSkip: false } };
    return {
      indexAxis: horizontal ? "y" : "x",
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: cfg.series.length > 1 } },
      scales: horizontal ? { x: value, y: category } : { x: category, y: value }
    };
  }

  function draw(canvas) {
    var island = document.getElementById(canvas.id + "-data");
    if (!island || canvas.dataset.drawn) return;
    var cfg = JSON.parse(island.textContent);
    var type = cfg.kind === "line" ? "line" : "bar";
    var datasets = cfg.series.map(function (s, i) {
      return { label: s.name, data: s.values, backgroundColor: PALETTE[i % PALETTE.length],
               borderColor: PALETTE[i % PALETTE.length], tension: 0.1 };
    });
    if (cfg.kind === "band") {  // floating bars from the first series to the second (e.g. P50 to P90)
      datasets = [{ label: cfg.series[0].name + " to " + cfg.series[1].name, backgroundColor: PALETTE[0],
                    data: cfg.labels.map(function (_, i) { return [cfg.series[0].values[i], cfg.series[1].values[i]]; }) }];
    }
    new window.Chart(canvas, {
      type: type,
      data: { labels: cfg.labels, datasets: datasets },
      options: options(cfg)
    });
    canvas.dataset.drawn = "1";
    var table = canvas.closest("figure").querySelector("details.chart-table");
    if (table) table.removeAttribute("open");
  }

  function drawAll(root) {
    if (!window.Chart) return;
    (root || document).querySelectorAll("figure.chart canvas").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target); });
})();
