/* A picker that searches on the server (Tom Select) instead of a <select> listing every record:
   the merge target of a decision, people, organisations (streekpact.core.forms.SearchSelect).
   The <select> carries only the chosen record; the server (data-search-url) returns at most
   one bounded page of matches, for those who may see them. */
(function () {
  "use strict";
  function init(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var url = select.dataset.searchUrl;
    var label = document.querySelector('label[for="' + select.id + '"]');
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      placeholder: select.dataset.placeholder || "",
      loadThrottle: 250,
      shouldLoad: function (query) { return query.length > 0; },
      load: function (query, callback) {
        var self = this;
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" }, credentials: "same-origin"
        })
          .then(function (response) { return response.json(); })
          .then(function (json) { self.clearOptions(); callback(json.results); })
          .catch(function () { callback(); });
      }
    });
    // Tom Select moves the label to its own input; the original <select> (kept for the form
    // submission) keeps the same visible label as its name.
    if (label) {
      if (!label.id) label.id = select.id + "-label";
      select.setAttribute("aria-labelledby", label.id);
    }
  }
  function initAll() {
    document.querySelectorAll("select[data-search-url]").forEach(init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
