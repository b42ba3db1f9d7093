// A search box inside a form (data-search-only): Enter searches at once instead of sending the form.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field.matches || !field.matches("input[data-search-only]")) return;
    event.preventDefault();
    htmx.trigger(field, "search");
  });
})();
