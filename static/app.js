// Hovering or focusing a sentence highlights its translations in every column.
// The page works without this script; it only adds the cross-column highlight.
(function () {
  "use strict";
  function cellsFor(target) {
    var cell = target && target.closest ? target.closest("[data-s]") : null;
    if (!cell || cell.tagName !== "TD") { return []; }
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
        document.getElementById("job-stage").textContent = job.stages[p.stage] || p.stage || "";
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
