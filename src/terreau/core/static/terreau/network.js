// Draws the actor-system graph with Cytoscape.js from the elements the page embeds (json_script),
// and again each time htmx swaps in the results of new filters. Colours, shapes and line styles
// come with the elements (terreau/network/drawing.py), so the legend and the graph cannot disagree.
// Names are written for the most connected actors only (`labelled`, chosen by drawing.py) at a
// size that stays readable whatever the zoom; the others' names show as a tooltip on hover.
(function () {
  "use strict";

  var LABEL_PX = 12;
  var STYLE = [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        shape: "data(shape)",
        width: "mapData(degree, 0, 20, 14, 40)",
        height: "mapData(degree, 0, 20, 14, 40)",
        color: "#1d2b24",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": 1,
      },
    },
    { selector: "node[?labelled]", style: { label: "data(label)" } },
    {
      selector: "edge",
      style: {
        width: 2,
        "line-color": "data(colour)",
        "line-style": "data(line)",
        "curve-style": "bezier",
        opacity: 0.8,
      },
    },
    {
      selector: "edge[?directed]",
      style: { "target-arrow-shape": "triangle", "target-arrow-color": "data(colour)", "arrow-scale": 1.1 },
    },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#b35c00" } },
  ];

  function draw() {
    var container = document.getElementById("network-graph");
    if (!container || typeof cytoscape === "undefined") return;
    var data = JSON.parse(document.getElementById(container.dataset.elements).textContent);
    var cy = cytoscape({
      container: container,
      elements: data.elements,
      style: STYLE,
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
    });
    cy.on("tap", "node", function (event) {
      window.location.href = event.target.data("url");
    });
    // Labels keep about LABEL_PX on screen: their size in graph units is divided by the zoom.
    function sizeLabels() {
      var zoom = cy.zoom();
      cy.style()
        .selector("node")
        .style({ "font-size": LABEL_PX / zoom, "text-max-width": 140 / zoom, "text-margin-y": 3 / zoom })
        .update();
    }
    cy.on("zoom", sizeLabels);
    sizeLabels();
    cy.on("mouseover", "node", function (event) {
      var node = event.target;
      container.title = node.data("label") + " (" + node.data("kind_label") + ")";
    });
    cy.on("mouseout", "node", function () {
      container.removeAttribute("title");
    });
    container.dataset.nodes = String(cy.nodes().length);
    container.dataset.edges = String(cy.edges().length);
    container.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "network-body") draw();
  });
})();
