// Draws GeoJSON points on every element with data-geojson: communes sized by population, or by the
// property named in data-size ("count" of actors by default, "per_10k" for densities). No background
// tiles unless a tile URL is configured, so maps work on a closed network.
(function () {
  "use strict";

  function radius(properties, element) {
    var value = properties[element.dataset.size || "count"];
    if (value !== undefined && value !== null) return Math.max(3, Math.min(30, 3 + Math.sqrt(value) * 2));
    if (properties.count !== undefined) return 3;
    return Math.max(3, Math.min(18, Math.sqrt(properties.population || 0) / 12));
  }

  function label(properties, element) {
    var text = properties.name + " (" + properties.code + ")";
    if (properties.count !== undefined) text += " : " + properties.count + " " + element.dataset.countLabel;
    if (properties.per_10k !== undefined && properties.per_10k !== null) {
      text += " (" + properties.per_10k + " " + element.dataset.densityLabel + ")";
    }
    return text;
  }

  function draw(element) {
    var note = document.getElementById(element.dataset.note);
    var map = L.map(element, { preferCanvas: true, zoomSnap: 0.25 });
    map.setView([46.6, 2.4], 5);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
    }
    fetch(element.dataset.geojson, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              radius: radius(feature.properties, element),
              color: "#2f6b3f", weight: 1, fillColor: "#4f9a62", fillOpacity: 0.6,
            }).bindTooltip(label(feature.properties, element));
          },
        }).addTo(map);
        element.dataset.points = String(data.features.length);
        if (data.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 11 });
        }
        var unplaced = data.unplaced || [];
        if (note && unplaced.length) {
          if (!data.features.length) {
            note.textContent = note.dataset.none;
          } else {
            var text = unplaced.length === 1 ? note.dataset.unplacedOne : note.dataset.unplacedMany;
            note.textContent = unplaced.length + " " + text + " " +
              unplaced.map(function (c) { return c.name; }).join(", ");
          }
        }
        element.dataset.ready = "true";
      })
      .catch(function () {
        if (note) note.textContent = note.dataset.error;
        element.dataset.ready = "error";
      });
  }

  function drawAll() {
    document.querySelectorAll("[data-geojson]:not([data-drawn])").forEach(function (element) {
      element.dataset.drawn = "true";
      draw(element);
    });
  }

  if (!window.L) return;
  drawAll();
  // Results replaced by htmx (filters, pages) bring a new map element.
  document.body.addEventListener("htmx:afterSettle", drawAll);
})();
