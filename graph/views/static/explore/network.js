/* egovkg network views. Draws each element marked data-network with vis-network, from the JSON the
   page carries (a JSON script element written by the server), then stops the
   physics once the layout has settled. Labels and tooltips are plain text: vis-network draws labels
   on a canvas and shows string tooltips as text, so nothing from the data becomes markup.
   A click on a node that has a page opens it. window.egovkgNetwork exposes the first view (its
   vis DataSets and whether it is stable) for tests and benchmarks. */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-network"));
    var data = JSON.parse(source.textContent);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var started = performance.now();
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    var view = { network: network, nodes: nodes, edges: edges, stable: false, stableAfterMs: null };
    var status = document.getElementById(container.id + "-status");

    function settled() {
      if (view.stable) { return; }
      view.stable = true;
      view.stableAfterMs = Math.round(performance.now() - started);
      network.setOptions({ physics: false });
      container.setAttribute("data-stable", "true");
      if (status) {
        status.textContent = nodes.length + " nodes, " + edges.length + " links; laid out in " +
          view.stableAfterMs + " ms";
      }
    }

    if (data.options.physics && data.options.physics.enabled) {
      network.once("stabilizationIterationsDone", settled);
      network.once("stabilized", settled);
    } else {
      network.once("afterDrawing", settled);
    }
    network.on("click", function (params) {
      if (params.nodes.length !== 1) { return; }
      var node = nodes.get(params.nodes[0]);
      if (node && node.url) { window.location.assign(node.url); }
    });
    network.on("hoverNode", function (params) {
      var node = nodes.get(params.node);
      container.style.cursor = node && node.url ? "pointer" : "default";
    });
    network.on("blurNode", function () { container.style.cursor = "default"; });
    return view;
  }

  var views = [];
  var elements = document.querySelectorAll("[data-network]");
  for (var i = 0; i < elements.length; i++) { views.push(draw(elements[i])); }
  window.egovkgNetworks = views;
  window.egovkgNetwork = views.length ? views[0] : null;
}());
