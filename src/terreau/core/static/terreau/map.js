// Maps without a tile server. On every element with data-contours or data-geojson:
// - data-contours: the territory's map document (outline, its communes or départements, its
//   neighbours), drawn as SVG paths on a plain background;
// - data-values: a choropleth of the communes ({classes: [{color}], communes: [{code, class}]}),
//   class 0 (no actor) hatched with an SVG pattern, the legend and the figures being in the page;
// - data-geojson: points (communes sized by population, or by the property named in data-size),
//   drawn over the outlines when data-points-over is set, else only when no contour is loaded.
// Background tiles only when a tile URL is configured, so maps work on a closed network.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var STYLES = {
    neighbour: { color: "#8a948c", weight: 1, fillColor: "#e4e8e4", fillOpacity: 1 },
    part: { color: "#6f8f76", weight: 0.8, fillColor: "#ffffff", fillOpacity: 1 },
    outline: { color: "#1d4a2a", weight: 3, fill: false },
  };

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

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  // The hatching of communes without any actor: a pattern in the SVG of the overlay pane.
  function addHatch(renderer) {
    var svg = renderer._container;
    if (!svg || svg.querySelector("#terreau-hatch")) return;
    var defs = document.createElementNS(SVG, "defs");
    var pattern = document.createElementNS(SVG, "pattern");
    pattern.setAttribute("id", "terreau-hatch");
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "6");
    pattern.setAttribute("height", "6");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var background = document.createElementNS(SVG, "rect");
    background.setAttribute("width", "6");
    background.setAttribute("height", "6");
    background.setAttribute("fill", "#ffffff");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "0");
    line.setAttribute("y1", "0");
    line.setAttribute("x2", "0");
    line.setAttribute("y2", "6");
    line.setAttribute("stroke", "#9a6b3f");
    line.setAttribute("stroke-width", "2");
    pattern.appendChild(background);
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  function drawPoints(map, element, data, note) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          renderer: L.canvas(),
          radius: radius(feature.properties, element),
          color: "#2f6b3f", weight: 1, fillColor: "#4f9a62", fillOpacity: 0.6,
        }).bindTooltip(label(feature.properties, element));
      },
    }).addTo(map);
    element.dataset.points = String(data.features.length);
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
    return data.features.length ? layer.getBounds() : null;
  }

  function drawContours(map, element, data, values) {
    var renderer = L.svg({ padding: 0.2 });
    renderer.addTo(map);
    addHatch(renderer);
    var classes = {};
    (values && values.communes || []).forEach(function (c) { classes[c.code] = c; });
    var bounds = null;
    ["neighbour", "part", "outline"].forEach(function (role) {
      var features = data.features.filter(function (f) { return f.properties.role === role; });
      if (!features.length) return;
      var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
        renderer: renderer,
        interactive: role !== "outline",
        style: function (feature) {
          var style = L.extend({}, STYLES[role]);
          var value = classes[feature.properties.code];
          if (role === "part" && value) {
            style.fillColor = value["class"] === 0 ? "url(#terreau-hatch)" : value.color;
          }
          return style;
        },
        onEachFeature: function (feature, path) {
          if (role === "outline") return;
          var value = classes[feature.properties.code];
          var text = feature.properties.name;
          if (value) {
            text += " : " + value.actors + " " + element.dataset.countLabel;
            if (value.per_10k_label) text += " (" + value.per_10k_label + " " + element.dataset.densityLabel + ")";
          }
          path.bindTooltip(text);
        },
      }).addTo(map);
      if (role === "outline" || (role === "part" && !bounds)) bounds = layer.getBounds();
    });
    element.dataset.outlined = "true";
    return bounds;
  }

  function draw(element) {
    var note = document.getElementById(element.dataset.note);
    var map = L.map(element, { zoomSnap: 0.25 });
    map.setView([46.6, 2.4], 5);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
    }
    var requests = [
      element.dataset.contours ? getJSON(element.dataset.contours) : Promise.resolve(null),
      element.dataset.values ? getJSON(element.dataset.values) : Promise.resolve(null),
    ];
    Promise.all(requests)
      .then(function (results) {
        var contours = results[0], values = results[1];
        var bounds = null;
        var hasContours = contours && contours.features.length;
        if (hasContours) bounds = drawContours(map, element, contours, values);
        var points = element.dataset.geojson;
        if (points && (!hasContours || element.dataset.pointsOver)) {
          return getJSON(points).then(function (data) {
            var pointBounds = drawPoints(map, element, data, note);
            return bounds || pointBounds;
          });
        }
        return bounds;
      })
      .then(function (bounds) {
        if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10], maxZoom: 13 });
        element.dataset.ready = "true";
      })
      .catch(function () {
        if (note) note.textContent = note.dataset.error;
        element.dataset.ready = "error";
      });
  }

  function drawAll() {
    document.querySelectorAll("[data-geojson]:not([data-drawn]), [data-contours]:not([data-drawn])")
      .forEach(function (element) {
        element.dataset.drawn = "true";
        draw(element);
      });
  }

  if (!window.L) return;
  drawAll();
  // Results replaced by htmx (filters, pages) bring a new map element.
  document.body.addEventListener("htmx:afterSettle", drawAll);
})();
