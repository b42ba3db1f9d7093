// Territory picker of the project-territory form (and of an offer's perimeter): chosen
// territories are chips carrying a hidden input, removable with their "Remove" button; the search
// box that adds them is territory_field.js.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var remove = event.target.closest("#chosen-components button.remove");
    if (!remove) return;
    var search = document.getElementById("component-q");
    remove.closest("li").remove();
    if (search) search.focus();
  });

  var danger = document.querySelector(".danger-zone");
  if (danger) {
    danger.addEventListener("submit", function (event) {
      if (!window.confirm(danger.querySelector("button").textContent.trim() + " ?")) event.preventDefault();
    });
  }
})();
