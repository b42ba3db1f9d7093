// Territory picker of the project-territory form (and of an offer's perimeter, whose list names
// its inputs with data-name): search results offer "Add" buttons; chosen
// territories become chips carrying a hidden input, removable with their "Remove" button.
(function () {
  "use strict";
  var chosen = document.getElementById("chosen-components");
  var search = document.getElementById("component-q");
  if (!chosen || !search) return;

  function has(ref) {
    return Array.prototype.some.call(chosen.querySelectorAll("input"), function (input) {
      return input.value === ref;
    });
  }

  function add(ref, label) {
    if (has(ref)) return;
    var item = document.createElement("li");
    var input = document.createElement("input");
    input.type = "hidden"; input.name = chosen.dataset.name || "components"; input.value = ref;
    var remove = document.createElement("button");
    remove.type = "button"; remove.className = "remove";
    remove.textContent = chosen.dataset.removeLabel;
    remove.setAttribute("aria-label", chosen.dataset.removeLabel + " " + label);
    item.appendChild(input);
    item.appendChild(document.createTextNode(label + " "));
    item.appendChild(remove);
    chosen.appendChild(item);
  }

  document.addEventListener("click", function (event) {
    var pick = event.target.closest("button.pick");
    if (pick) {
      add(pick.dataset.ref, pick.dataset.label);
      search.focus();
      return;
    }
    var remove = event.target.closest("#chosen-components button.remove");
    if (remove) remove.closest("li").remove();
  });

  // Enter in the search box searches; it must not submit the whole form.
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); htmx.trigger(search, "search"); }
  });

  var danger = document.querySelector(".danger-zone");
  if (danger) {
    danger.addEventListener("submit", function (event) {
      if (!window.confirm(danger.querySelector("button").textContent.trim() + " ?")) event.preventDefault();
    });
  }
})();
