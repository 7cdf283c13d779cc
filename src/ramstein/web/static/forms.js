// Form helpers; every form works without them (CSP: no inline script, no on* attributes).
// - [data-sources]: add and remove source rows of the pledge form (without JS: one empty row, empty a row to remove it)
// - form[data-confirm]: ask before a destructive submit
// - any form: its submit buttons are disabled and marked busy while the request runs
// - [data-select-all]: a checkbox that ticks every checkbox named by its value in the same form
(function () {
  "use strict";
  document.documentElement.classList.replace("no-js", "js");

  function renumber(box) {
    box.querySelectorAll("[data-source-row]").forEach(function (row, i) {
      var n = i + 1, suffix = n === 1 ? "" : "-" + n, label = n === 1 ? "Source" : "Source " + n;
      [["source_title", " title"], ["source_url", " URL"]].forEach(function (pair) {
        var input = row.querySelector("input[name=" + pair[0] + "]");
        var lab = row.querySelector("label[for='" + input.id + "']");
        input.id = pair[0] + suffix;
        if (lab) { lab.htmlFor = input.id; lab.textContent = label + pair[1]; }
      });
      var remove = row.querySelector("[data-remove-source]");
      if (remove) remove.textContent = "Remove " + label.toLowerCase();
    });
  }

  function clear(row) {
    row.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    row.querySelectorAll(".error").forEach(function (e) { e.remove(); });
  }

  document.addEventListener("click", function (e) {
    var add = e.target.closest("[data-add-source]");
    var remove = e.target.closest("[data-remove-source]");
    if (add) {
      var box = add.closest("[data-sources]"), rows = box.querySelectorAll("[data-source-row]");
      var fresh = rows[rows.length - 1].cloneNode(true);
      clear(fresh);
      add.before(fresh);
      renumber(box);
      fresh.querySelector("input").focus();
    } else if (remove) {
      var owner = remove.closest("[data-sources]"), row = remove.closest("[data-source-row]");
      if (owner.querySelectorAll("[data-source-row]").length > 1) row.remove(); else clear(row);
      renumber(owner);
      (owner.querySelector("[data-source-row] input") || owner).focus();
    }
    var all = e.target.closest("[data-select-all]");
    if (all) {
      all.form.querySelectorAll("input[type=checkbox][name='" + all.value + "']").forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    if (form.method.toLowerCase() !== "post") return;
    // after this event, so the pressed button's name and value are still sent
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-busy", "true");
      });
      form.setAttribute("aria-busy", "true");
    }, 0);
  });

  // back to a page from the browser's cache: its buttons work again
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy] button[aria-busy]").forEach(function (b) {
      b.disabled = false;
      b.removeAttribute("aria-busy");
    });
  });
})();
