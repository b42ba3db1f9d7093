// Territory fields (territories.forms.TerritoryInput): a text box where a territory is typed by
// name, postal code or code becomes a combobox (WAI-ARIA 1.2 pattern, list autocomplete) whose
// suggestions come from the JSON search. Arrow keys move through the suggestions, Enter chooses,
// Escape closes; the number of suggestions is announced. The chosen territory's unambiguous text
// ("Saint-Omer (Pas-de-Calais)") goes in the box, which the server reads as it reads any typed
// text: the form works the same without JavaScript. In a picker (data-territory-multiple), a
// choice becomes a chip carrying a hidden input, and the box empties for the next one.
(function () {
  "use strict";
  var count = 0;

  function enhance(input) {
    if (input.dataset.enhanced) return;
    input.dataset.enhanced = "true";
    count += 1;
    var base = (input.id || "territory-field") + "-" + count;
    var wrapper = document.createElement("div");
    wrapper.className = "territory-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = base + "-options";
    list.className = "territory-options";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // Named apart from the field, so that the field's label names the field alone.
    list.setAttribute("aria-label", input.dataset.optionsLabel);
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    wrapper.appendChild(list);
    wrapper.appendChild(live);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null, controller = null, active = -1, lastQuery = "";

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options().length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function activate(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      Array.prototype.forEach.call(all, function (option, i) {
        var on = i === active;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("active", on);
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function announce(n) {
      var text = n === 0 ? input.dataset.foundNone
        : n === 1 ? input.dataset.foundOne : input.dataset.foundMany.replace("%(count)s", n);
      live.textContent = text;
    }

    function render(items) {
      list.textContent = "";
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.ref = item.ref;
        option.dataset.label = item.label;
        option.dataset.chip = item.name + (item.level === "france" ? "" : " (" + item.level_label + ")");
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = item.name;
        option.appendChild(name);
        if (item.context) {
          var context = document.createElement("span");
          context.className = "context";
          context.textContent = item.context;
          option.appendChild(document.createTextNode(" "));
          option.appendChild(context);
        }
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      announce(items.length);
      if (items.length) open(); else close();
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (controller) controller.abort();
      if (query.length < 2) { list.textContent = ""; close(); return; }
      controller = new AbortController();
      fetch(input.dataset.territorySearch + "&q=" + encodeURIComponent(query), {
        credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller.signal
      }).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (items) {
        if (document.activeElement === input) render(items);
      }).catch(function () { /* aborted by a newer search, or offline: the box stays a text box */ });
    }

    function addChip(option) {
      var chosen = document.getElementById("chosen-components");
      if (!chosen) return;
      var exists = Array.prototype.some.call(chosen.querySelectorAll("input"), function (hidden) {
        return hidden.value === option.dataset.ref;
      });
      if (exists) return;
      var item = document.createElement("li");
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = chosen.dataset.name || input.name;
      hidden.value = option.dataset.ref;
      var remove = document.createElement("button");
      remove.type = "button"; remove.className = "remove";
      remove.textContent = chosen.dataset.removeLabel;
      remove.setAttribute("aria-label", chosen.dataset.removeLabel + " " + option.dataset.chip);
      item.appendChild(hidden);
      item.appendChild(document.createTextNode(option.dataset.chip + " "));
      item.appendChild(remove);
      chosen.appendChild(item);
    }

    function choose(option) {
      if (input.dataset.territoryMultiple) {
        addChip(option);
        input.value = "";
      } else {
        input.value = option.dataset.label;
      }
      lastQuery = input.value.trim();
      close();
      input.focus();
      // Filter forms refresh their results on "change" (htmx).
      if (!input.dataset.territoryMultiple) input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!expanded) { open(); if (list.hidden) return; }
        activate(event.key === "ArrowDown" ? active + 1 : (active < 0 ? -1 : active - 1));
      } else if (event.key === "Enter" && expanded && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Enter" && input.dataset.territoryMultiple && input.value.trim()) {
        // In a picker, Enter searches rather than sending the whole form.
        event.preventDefault();
        lastQuery = ""; search();
      } else if (event.key === "Escape") {
        if (expanded) { event.preventDefault(); close(); } else if (input.value) { input.value = ""; lastQuery = ""; }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    list.addEventListener("mousedown", function (event) {
      // Keep the focus in the box while a suggestion is clicked.
      event.preventDefault();
      var option = event.target.closest("[role=option]");
      if (option) choose(option);
    });
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(
      (root || document).querySelectorAll("input[data-territory-search]"), enhance);
  }

  enhanceAll(document);
  // Forms that htmx brings in later (a record's sections) get their fields enhanced too.
  document.addEventListener("htmx:afterSettle", function (event) { enhanceAll(event.target); });
})();
