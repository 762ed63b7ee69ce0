/* The merge target of a decision: a search field (Tom Select) that asks the server, instead of a
   <select> listing every proposal. The <select> carries only the chosen proposal; the server
   (data-search-url) returns at most a handful of matches, for those who may decide. */
(function () {
  "use strict";
  function init(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var url = select.dataset.searchUrl;
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
        fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" }, credentials: "same-origin"
        })
          .then(function (response) { return response.json(); })
          .then(function (json) { self.clearOptions(); callback(json.results); })
          .catch(function () { callback(); });
      }
    });
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
