// Draws the communes of a territory as points. No background tiles unless a tile URL is configured,
// so maps work on a closed network.
(function () {
  "use strict";
  var element = document.getElementById("territory-map");
  if (!element || !window.L) return;
  var note = document.getElementById("territory-map-note");
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
          var population = feature.properties.population || 0;
          return L.circleMarker(latlng, {
            radius: Math.max(3, Math.min(18, Math.sqrt(population) / 12)),
            color: "#2f6b3f", weight: 1, fillColor: "#4f9a62", fillOpacity: 0.6,
          }).bindTooltip(feature.properties.name + " (" + feature.properties.code + ")");
        },
      }).addTo(map);
      element.dataset.points = String(data.features.length);
      if (data.features.length) {
        map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 11 });
      }
      if (note && data.unplaced.length) {
        if (!data.features.length) {
          note.textContent = note.dataset.none;
        } else {
          var label = data.unplaced.length === 1 ? note.dataset.unplacedOne : note.dataset.unplacedMany;
          note.textContent = data.unplaced.length + " " + label + " " +
            data.unplaced.map(function (c) { return c.name; }).join(", ");
        }
      }
      element.dataset.ready = "true";
    })
    .catch(function () {
      if (note) note.textContent = note.dataset.error;
      element.dataset.ready = "error";
    });
})();
