// Draws every chart from its JSON data island with the vendored Chart.js; the tables stay as the
// accessible, JavaScript-free version of the same figures (collapsed once a chart is drawn).
(function () {
  "use strict";
  document.documentElement.classList.replace("no-js", "js");
  var PALETTE = ["#1f5fa8", "#e0a100", "#6b4fa0", "#4a8fa8", "#8a6d3b", "#3a8f5c", "#b8433b"];
  // colours that mean something (charts.py Series.tone): late or short is never green
  var TONES = { good: "#3a8f5c", pending: "#c9ced6", bad: "#b8433b" };
  var NUMBER = new Intl.NumberFormat(document.documentElement.lang || "en", { maximumFractionDigits: 1 });

  function withUnit(value, unit) {
    if (value === null || value === undefined) return "n/a";
    if (Array.isArray(value)) return NUMBER.format(value[0]) + "–" + NUMBER.format(value[1]) + " " + unit;
    if (unit.charAt(0) === "%") return NUMBER.format(value) + unit;
    return NUMBER.format(value) + " " + unit;
  }

  function options(cfg) {
    var horizontal = cfg.kind === "hbar" || cfg.kind === "band" || cfg.kind === "hstacked";
    var stacked = cfg.kind === "stacked" || cfg.kind === "hstacked";
    var value = { beginAtZero: cfg.kind !== "band", stacked: stacked, title: { display: true, text: cfg.axis } };
    value.ticks = { callback: function (v) { return NUMBER.format(v); } };
    // every label of a horizontal chart (its box grows to fit them); a vertical one skips some when crowded
    var category = { stacked: stacked, ticks: { autoSkip: !horizontal, maxRotation: 60 } };
    return {
      indexAxis: horizontal ? "y" : "x",
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { right: 8 } },
      plugins: {
        legend: { display: cfg.series.length > 1 },
        tooltip: { callbacks: { label: function (ctx) {
          return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + withUnit(ctx.raw, cfg.axis);
        } } }
      },
      scales: horizontal ? { x: value, y: category } : { x: category, y: value }
    };
  }

  function draw(canvas) {
    var island = document.getElementById(canvas.id + "-data");
    if (!island || canvas.dataset.drawn) return;
    var cfg = JSON.parse(island.textContent);
    var type = cfg.kind === "line" ? "line" : "bar";
    if (cfg.kind === "hbar" || cfg.kind === "band" || cfg.kind === "hstacked") {
      canvas.parentElement.style.height = Math.max(320, cfg.labels.length * 24 + 80) + "px";
    }
    var datasets = cfg.series.map(function (s, i) {
      var colour = TONES[s.tone] || PALETTE[i % PALETTE.length];
      return { label: s.name, data: s.values, backgroundColor: colour, borderColor: colour, tension: 0.1 };
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
