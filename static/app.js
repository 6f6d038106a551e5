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
