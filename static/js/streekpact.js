/* Streekpact: the little behaviour the pages need, without inline handlers (the
   Content-Security-Policy allows no inline script). Listeners sit on the document, so content
   swapped in by htmx works too. */
(function () {
  "use strict";

  // <select data-submit-on-change>: choosing an option submits its form (the language switcher).
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-submit-on-change]");
    if (select && select.form) {
      select.form.requestSubmit();
    }
  });

  // <input type="checkbox" data-select-all="NAME">: ticks or clears every checkbox named NAME in
  // the same form (the review queue's "select all").
  document.addEventListener("click", function (event) {
    var master = event.target.closest("input[type=checkbox][data-select-all]");
    if (!master) {
      return;
    }
    var scope = master.form || document;
    scope.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.name === master.dataset.selectAll) {
        box.checked = master.checked;
      }
    });
  });
})();
