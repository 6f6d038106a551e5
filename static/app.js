// Hovering a sentence, or focusing its row, highlights its translations in every column.
// The pages work without this script; it adds the highlight, copy buttons, remembered
// columns, arrow keys in the table, live job progress and one-press forms.
(function () {
  "use strict";
  function cellsFor(target) {
    var cell = target && target.closest ? target.closest("[data-s]") : null;
    if (!cell || (cell.tagName !== "TD" && cell.tagName !== "TR")) { return []; }
    return document.querySelectorAll('td[data-s="' + cell.getAttribute("data-s") + '"]');
  }
  function set(event, on) {
    cellsFor(event.target).forEach(function (el) { el.classList.toggle("is-active", on); });
  }
  document.addEventListener("mouseover", function (e) { set(e, true); });
  document.addEventListener("mouseout", function (e) { set(e, false); });
  document.addEventListener("focusin", function (e) { set(e, true); });
  document.addEventListener("focusout", function (e) { set(e, false); });
})();

// Forms: one press only (a second press would submit the article again).
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.getAttribute("data-submitted")) { e.preventDefault(); return; }
    form.setAttribute("data-submitted", "1");
    if (form.classList.contains("document-form")) { return; }  // a download: the page stays, so may the button
    form.querySelectorAll('button[type="submit"]').forEach(function (b) {
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
    });
  });
})();

// The job page: follow the job's progress and open the result when it is done.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || ["done", "failed", "cancelled"].indexOf(box.getAttribute("data-status")) >= 0) { return; }
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(poll, 2000); return; }
        if (job.next) { window.location.assign(job.next); return; }
        if (job.status === "cancelled") { window.location.reload(); return; }
        var p = job.progress || {};
        var bar = document.getElementById("job-progress");
        bar.max = p.total || 1;
        bar.value = p.done || 0;
        var stage = job.stages[p.stage] || p.stage || "";
        document.getElementById("job-stage").textContent = p.warming ? stage + " (" + p.warming + ")" : stage;
        Object.keys(p.targets || {}).forEach(function (code) {
          var item = document.querySelector('#job-targets li[data-code="' + code + '"] .state');
          if (item) { item.textContent = job.stages[p.targets[code]] || p.targets[code]; }
        });
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();

// The result page: copy buttons, the column chooser (remembered), one tab stop for the table with arrow keys.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var table = document.querySelector("table.side-by-side");

  function copyText(text, button) {
    function done() {
      var label = button.textContent;
      button.textContent = "✓";
      window.setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }
  // A doubtful sentence keeps its warning where it is pasted: "⚠ " in front (as in the batch's text files).
  function marked(holder, textElement) {
    var text = textElement.textContent.trim();
    return holder.classList.contains("low") ? "\u26a0 " + text : text;
  }
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var lines = [];
      if (button.hasAttribute("data-copy")) {
        document.querySelectorAll(button.getAttribute("data-copy") + " li").forEach(function (li) { lines.push(marked(li, li.querySelector(".text") || li)); });
      } else {
        var col = button.getAttribute("data-copy-col");
        table.querySelectorAll('td[data-col="' + col + '"] .text').forEach(function (cell) { lines.push(marked(cell.closest("td"), cell)); });
      }
      copyText(lines.join("\n"), button);
    });
  });

  if (!table) { return; }
  var KEY = "news-translate.hidden-columns";
  var chooser = document.querySelectorAll('.choose-columns input[type="checkbox"]');
  function apply() {
    var hidden = [];
    chooser.forEach(function (box) {
      var code = box.value;
      var col = box.getAttribute("data-col");
      if (!box.checked) { hidden.push(code); }
      table.querySelectorAll('[data-col="' + col + '"]').forEach(function (el) { el.hidden = !box.checked; });
    });
    try { window.localStorage.setItem(KEY, JSON.stringify(hidden)); } catch (e) { /* private mode */ }
  }
  if (chooser.length && window.location.search.indexOf("cols=") < 0) {
    var remembered = [];
    try { remembered = JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { remembered = []; }
    chooser.forEach(function (box) { if (!box.disabled && remembered.indexOf(box.value) >= 0) { box.checked = false; } });
    apply();
  }
  chooser.forEach(function (box) { box.addEventListener("change", apply); });

  // One tab stop for the whole table: the current row; up/down/home/end move between sentences.
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  function moveTo(row) {
    rows.forEach(function (r) { r.tabIndex = -1; });
    row.tabIndex = 0;
    row.focus();
  }
  table.addEventListener("keydown", function (e) {
    var row = e.target.closest ? e.target.closest("tbody tr") : null;
    if (!row) { return; }
    var i = rows.indexOf(row);
    var next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1, PageDown: i + 10, PageUp: i - 10 }[e.key];
    if (next === undefined) { return; }
    e.preventDefault();
    moveTo(rows[Math.max(0, Math.min(rows.length - 1, next))]);
  });
  table.addEventListener("focusin", function (e) {
    var row = e.target.closest ? e.target.closest("tbody tr") : null;
    if (row) { rows.forEach(function (r) { r.tabIndex = r === row ? 0 : -1; }); }
  });
})();

// Forms with an error: the first invalid field gets the focus.
(function () {
  "use strict";
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) { invalid.focus(); }
})();
