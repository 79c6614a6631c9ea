/* egovkg network views: draws each element marked data-network with vis-network from the JSON the page
   carries (or that a page hands to window.egovkgDraw), at the positions the server computed (no physics).

   Legibility: labels are drawn at a fixed size on the screen, and each is shortened to what fits among the
   labels and nodes already placed (most important first: highlighted, national, most linked); a label that
   does not fit even shortened is left out. Hover, selection or search shows a label whole. Edge labels are
   drawn only where they fit, or on hover. Zooming refits them, so zooming in separates them.

   Exploring: a click opens the node's panel (its details and neighbours counted by relation, from
   /explore/data/node/…); "expand" adds the neighbours (/explore/data/expand), "hide" removes the node;
   filters by layer, kind, status, relation and province; search in the view; fit; PNG and SVG export. The
   address's fragment keeps the state (selection, expansions, hidden nodes, filters) so a view can be shared,
   and is parsed defensively: only known ids and filter values are used.

   Everything from the data is text: labels are drawn on a canvas, tooltips are strings (vis shows them as
   text), the panel is built with textContent. window.egovkgNetwork exposes the first view for tests and
   benchmarks (its vis DataSets; stable and readyAtMs once it is interactive). */
(function () {
  "use strict";

  var LABEL_PX = 13, EDGE_PX = 11, PAD = 3;
  var vietnamese = (document.documentElement.lang || "").slice(0, 2) === "vi";
  function edgeText(e) { return (vietnamese && e.text_vi) || e.text || ""; }
  var served = location.protocol === "http:" || location.protocol === "https:";

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d")
      .toLowerCase();
  }

  function format(text, params) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return params && k in params ? params[k] : m; });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function webUrl(url) { return /^https?:\/\//i.test(String(url || "")) ? String(url) : null; }

  // -- label fitting ---------------------------------------------------------------------------------------
  function Grid(cell) { this.cell = cell; this.cells = {}; }
  Grid.prototype.keys = function (b) {
    var out = [], c = this.cell;
    for (var i = Math.floor(b.x0 / c); i <= Math.floor(b.x1 / c); i++) {
      for (var j = Math.floor(b.y0 / c); j <= Math.floor(b.y1 / c); j++) { out.push(i + ":" + j); }
    }
    return out;
  };
  Grid.prototype.hits = function (b, except) {
    var ks = this.keys(b);
    for (var k = 0; k < ks.length; k++) {
      var list = this.cells[ks[k]];
      if (!list) { continue; }
      for (var m = 0; m < list.length; m++) {
        var o = list[m];
        if (o.owner !== except && o.x0 < b.x1 && b.x0 < o.x1 && o.y0 < b.y1 && b.y0 < o.y1) { return true; }
      }
    }
    return false;
  };
  Grid.prototype.add = function (b) {
    var ks = this.keys(b);
    for (var k = 0; k < ks.length; k++) { (this.cells[ks[k]] = this.cells[ks[k]] || []).push(b); }
  };

  // what a label may shrink to: the full name, then the node's short alias (with its province when it has
  // one), else the name cut shorter and shorter
  function shortenings(n) {
    var text = n.full || "", out = [text], cut = text.length;
    if (n.short) {
      var place = n.province_label && text.indexOf(n.province_label) >= 0 ? n.short + " · " + n.province_label : null;
      if (place && place.length < text.length) { out.push(place); }
      out.push(n.short);
      return out;
    }
    [0.7, 0.5, 0.35].forEach(function (f) {
      var m = Math.floor(cut * f);
      if (m >= 6 && m < cut - 1) { out.push(text.slice(0, m).trim() + "…"); }
    });
    if (cut > 6) { out.push(text.slice(0, 5).trim() + "…"); }
    return out;
  }

  function draw(container, data, strings) {
    strings = strings || {};
    function say(name, params) { return format(strings[name] || name, params); }
    // a node's name and tooltip in the page's language: its English name on an English page, the kind, layer,
    // province and status in the catalogue's words (the server's English tooltip is for files)
    function nodeTip(n) {
      var name = n.full, other = vietnamese ? n.full_en : n.full_vi;
      var lines = [name];
      if (other && other !== name) { lines.push(other); }
      if (n.kind || n.kind_label) { lines.push(say("kind") + ": " + ((vietnamese && n.kind_label_vi) || n.kind_label || n.kind)); }
      if (n.category === "system") {
        if (n.layer) { lines.push(say("layer") + ": " + say("layer-" + n.layer)); }
        lines.push(n.province_label ? say("province") + ": " + n.province_label
                   : n.national ? say("national") : say("province") + ": " + say("not-stated"));
        lines.push(say("status") + ": " + (n.status ? say("status-" + n.status) : say("not-stated")) +
                   (n.status_as_of ? " (" + say("as-of", { date: n.status_as_of }) + ")" : ""));
      }
      if (n.source_line) { lines.push(say("source") + ": " + n.source_line); }
      return lines.join("\n");
    }
    function localNode(n) {
      var c = Object.assign({}, n);
      if (c.full_en !== undefined) {
        c.full_vi = c.full;
        if (!vietnamese && c.full_en) { c.full = c.full_en; }
        if (!vietnamese && c.province_label_en) { c.province_label = c.province_label_en; }
        c.title = nodeTip(c);
      }
      c.label = "";  // labels start empty: the fitter sets each once the scale is known (vis measures every label it is given)
      return c;
    }
    function localEdge(e) {
      var c = Object.assign({}, e);
      if (c.refs) {
        var lines = [];
        c.refs.forEach(function (r) {
          lines.push(vietnamese ? r.rel_vi : r.rel);
          r.evidence.forEach(function (x) {
            var who = x.source ? (x.year ? x.source + " (" + x.year + ")" : x.source) : say("reference");
            lines.push("  " + who + (x.as_of ? ", " + say("as-of", { date: x.as_of }) : "") +
                       (x.since ? ", " + say("since", { date: x.since }) : "") + (x.quote ? ": \u201c" + x.quote + "\u201d" : ""));
          });
        });
        c.title = lines.join("\n");
      }
      c.label = "";
      return c;
    }
    var nodes = new vis.DataSet(data.nodes.map(localNode));
    var edges = new vis.DataSet(data.edges.map(localEdge));
    var started = performance.now();
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    var view = { network: network, nodes: nodes, edges: edges, stable: false, stableAfterMs: null, readyAtMs: null,
                 shown: {}, state: { sel: null, exp: [], hide: [], off: [] } };
    var measure = document.createElement("canvas").getContext("2d");
    var font = (data.options.nodes && data.options.nodes.font && data.options.nodes.font.face) || "sans-serif";
    var widths = {};
    function width(text, px) {
      var k = px + "|" + text;
      if (!(k in widths)) { measure.font = px + "px " + font; widths[k] = measure.measureText(text).width; }
      return widths[k];
    }
    var root = container.closest(".network-view") || document;
    function part(id) { return root.querySelector ? root.querySelector("#" + id) : null; }
    var status = part("network-status");
    var pinned = {};   // ids whose label is shown whole (hovered, selected, found)

    // -- labels ------------------------------------------------------------------------------------------
    function importance(n) {
      var links = network.getConnectedEdges(n.id).length;
      var borderWidth = n.borderWidth || 0;
      return (pinned[n.id] ? 1e6 : 0) + (borderWidth >= 3 ? 1e4 : 0) + (n.national ? 1e3 : 0) + (n.size || 16) * 10 + links;
    }

    function fitLabels() {
      var scale = network.getScale();
      var fontSize = LABEL_PX / scale, edgeSize = EDGE_PX / scale;
      network.setOptions({ nodes: { font: { size: fontSize } }, edges: { font: { size: edgeSize } } });
      var visible = nodes.get({ filter: function (n) { return !n.hidden; } });
      var ids = visible.map(function (n) { return n.id; });
      var positions = network.getPositions(ids);
      var grid = new Grid(64);
      var canvasWidth = container.clientWidth;
      var at = {};
      visible.forEach(function (n) {
        var p = network.canvasToDOM(positions[n.id]);
        var r = (n.size || 16) * scale + 2;
        at[n.id] = { x: p.x, y: p.y, r: r };
        grid.add({ x0: p.x - r, x1: p.x + r, y0: p.y - r, y1: p.y + r, owner: n.id });
      });
      visible.sort(function (a, b) { return importance(b) - importance(a); });
      var updates = [];
      var lineHeight = LABEL_PX * 1.25;
      visible.forEach(function (n) {
        var full = n.full || "", p = at[n.id], chosen = "", above = false;
        var options = pinned[n.id] ? [full] : shortenings(n);
        var gap = ((n.size || 16) + 3) * scale;
        for (var i = 0; i < options.length && !chosen; i++) {
          var w = width(options[i], LABEL_PX);
          // below the node (where vis draws it), else above it (moved up with the font's vadjust)
          for (var side = 0; side < (pinned[n.id] ? 1 : 2); side++) {
            var top = side === 0 ? p.y + gap : p.y - gap - lineHeight;
            var box = { x0: p.x - w / 2 - PAD, x1: p.x + w / 2 + PAD, y0: top - 1, y1: top + lineHeight + 1, owner: n.id };
            var inside = box.x0 >= 0 && box.x1 <= canvasWidth && box.y0 >= 0;
            if (pinned[n.id] || (inside && !grid.hits(box, n.id))) {
              grid.add(box); chosen = options[i]; above = side === 1; break;
            }
          }
        }
        view.shown[n.id] = chosen;
        var vadjust = above ? -(2 * gap + lineHeight) / scale : 0;
        var current = (n.font && n.font.vadjust) || 0;
        if (n.label !== chosen || Math.abs(current - vadjust) > 0.5) {
          updates.push({ id: n.id, label: chosen, font: { vadjust: vadjust } });
        }
      });
      if (updates.length) { nodes.update(updates); }
      var edgeUpdates = [];
      edges.get().forEach(function (e) {
        var text = "";
        var a = at[e.from], b = at[e.to];
        if (a && b && edgeText(e) && !e.hidden) {
          var w = width(edgeText(e), EDGE_PX), length = Math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r;
          var mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
          var box = { x0: mx - w / 2 - PAD, x1: mx + w / 2 + PAD, y0: my - EDGE_PX, y1: my + EDGE_PX, owner: e.id };
          if (length > w + 24 && !grid.hits(box, null)) { grid.add(box); text = edgeText(e); }
        }
        if (hoveredEdge === e.id) { text = edgeText(e); }
        if ((e.label || "") !== text) { edgeUpdates.push({ id: e.id, label: text }); }
      });
      if (edgeUpdates.length) { edges.update(edgeUpdates); }
    }

    var refitTimer = null;
    function refitSoon() {
      clearTimeout(refitTimer);
      refitTimer = setTimeout(function () { if (!view.gone) { fitLabels(); } }, 120);
    }

    function pin(id, on) {
      if (on) { pinned[id] = true; } else { delete pinned[id]; }
      refitSoon();
    }

    // -- the stage fills the window below the page's top -------------------------------------------------
    var stage = part("network-stage");
    function size() {
      if (!stage || stage.hasAttribute("data-fixed-height")) { return; }
      var top = stage.getBoundingClientRect().top + window.scrollY;
      var height = Math.max(320, Math.floor(window.innerHeight - top - 12));
      stage.style.height = height + "px";
    }
    size();
    window.addEventListener("resize", function () { if (!view.gone) { size(); network.redraw(); refitSoon(); } });
    view.destroy = function () { view.gone = true; clearTimeout(refitTimer); network.destroy(); };

    // -- ready -----------------------------------------------------------------------------------------
    function settled() {
      if (view.stable) { return; }
      network.fit();
      fitLabels();
      view.stable = true;
      view.stableAfterMs = Math.round(performance.now() - started);
      view.readyAtMs = Math.round(performance.now());
      container.setAttribute("data-stable", "true");
      counts();
      restore();
    }
    network.once("afterDrawing", function () { setTimeout(settled, 0); });
    network.on("zoom", refitSoon);
    network.on("dragEnd", function (params) { if (params.nodes.length || true) { refitSoon(); } });

    function counts() {
      if (!status) { return; }
      var shownNodes = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
      status.textContent = say("nodes-links", { nodes: shownNodes, links: edges.length });
    }

    // -- hover -----------------------------------------------------------------------------------------
    var hoveredEdge = null;
    network.on("hoverNode", function (params) {
      container.style.cursor = "pointer";
      nodes.update({ id: params.node, label: nodes.get(params.node).full });
    });
    network.on("blurNode", function (params) {
      container.style.cursor = "default";
      var n = nodes.get(params.node);
      if (n && !pinned[n.id]) { nodes.update({ id: n.id, label: view.shown[n.id] || "" }); }
    });
    network.on("hoverEdge", function (params) {
      hoveredEdge = params.edge;
      var e = edges.get(params.edge);
      if (e) { edges.update({ id: e.id, label: edgeText(e) }); }
    });
    network.on("blurEdge", function () { hoveredEdge = null; refitSoon(); });

    // -- the panel -----------------------------------------------------------------------------------------
    var panel = part("network-panel"), legendBox = part("network-legend-box");

    function closePanel() {
      if (!panel) { return; }
      panel.hidden = true;
      panel.textContent = "";
      if (legendBox) { legendBox.hidden = false; }
      if (view.state.sel) { pin(view.state.sel, false); }
      view.state.sel = null;
      network.unselectAll();
      save();
    }

    function row(dl, name, value) {
      if (value === null || value === undefined || value === "") { return; }
      dl.appendChild(el("dt", null, name));
      dl.appendChild(el("dd", null, value));
    }

    function section(title) {
      var s = el("section");
      s.appendChild(el("h3", null, title));
      panel.appendChild(s);
      return s;
    }

    function openPanel(id) {
      var n = nodes.get(id);
      if (!n || !panel) { return; }
      if (view.state.sel && view.state.sel !== id) { pin(view.state.sel, false); }
      view.state.sel = id;
      pin(id, true);
      network.selectNodes([id]);
      save();
      panel.textContent = "";
      panel.hidden = false;
      if (legendBox) { legendBox.hidden = true; }
      var head = el("div", { "class": "network-panel-head" });
      head.appendChild(el("h2", { "class": "network-side-title" }, n.full || n.id));
      var close = el("button", { type: "button", "class": "network-close", "aria-label": say("close") }, "×");
      close.addEventListener("click", closePanel);
      head.appendChild(close);
      panel.appendChild(head);
      var dl = el("dl", { "class": "network-facts" });
      row(dl, say("kind"), kindName(n));
      row(dl, say("layer"), n.layer ? layerName(n.layer) : null);
      row(dl, say("province"), n.province_label || (n.national ? say("national") : null));
      row(dl, say("status"), n.status ? statusName(n.status) : null);
      panel.appendChild(dl);
      var actions = el("div", { "class": "network-actions" });
      if (n.url) {
        var a = el("a", { href: n.url }, say("open"));
        actions.appendChild(a);
      }
      var hide = el("button", { type: "button", id: "network-hide" }, say("hide"));
      hide.addEventListener("click", function () { hideNode(id); });
      actions.appendChild(hide);
      panel.appendChild(actions);
      if (!served || n.category === "group" || n.category === "resource") {
        panel.appendChild(el("p", { "class": "network-tip" }, n.title || ""));
        return;
      }
      var loading = el("p", { "class": "network-status" }, say("loading"));
      panel.appendChild(loading);
      fetch("/explore/data/node/" + id.split("/").map(encodeURIComponent).join("/"), { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (body) { if (view.state.sel === id) { loading.remove(); fillPanel(id, body); } })
        .catch(function () { loading.textContent = say("failed"); });
      panel.focus({ preventScroll: true });
    }

    function fillPanel(id, body) {
      var rels = body.relations || [];
      var present = {};
      nodes.getIds().forEach(function (k) { present[k] = true; });
      var s = section(say("neighbours"));
      var list = el("ul", { "class": "network-rels" });
      var anyNew = false;
      rels.forEach(function (r) {
        var missing = r.ids.filter(function (k) { return !present[k]; }).length + Math.max(0, r.count - r.ids.length);
        var li = el("li");
        li.appendChild(el("span", { "class": "network-rel" }, (r.direction === "in" ? "← " : "→ ") + r.label + " (" + r.count + ")"));
        if (missing) {
          anyNew = true;
          var b = el("button", { type: "button", "class": "network-expand", "data-rel": r.rel,
                                 "aria-label": say("expand") + " " + r.label + ": " + say("new", { n: missing }) },
                     say("expand") + " · " + say("new", { n: missing }));
          b.addEventListener("click", function () { expand(id, [r.rel]); });
          li.appendChild(b);
        } else {
          li.appendChild(el("span", { "class": "network-status" }, say("none-new")));
        }
        list.appendChild(li);
      });
      s.appendChild(list);
      if (anyNew) {
        var all = el("button", { type: "button", id: "network-expand-all" }, say("expand-all"));
        all.addEventListener("click", function () {
          expand(id, rels.filter(function (r) { return r.link; }).map(function (r) { return r.rel; }));
        });
        s.appendChild(all);
      }
      var d = body.detail;
      if (!d) { return; }
      if (d.statuses && d.statuses.length) {
        var st = section(say("statuses"));
        var ul = el("ul", { "class": "network-quotes" });
        d.statuses.forEach(function (x) {
          var li = el("li");
          li.appendChild(el("strong", null, statusName(x.status)));
          li.appendChild(document.createTextNode(" " + [x.as_of, x.source_id].filter(Boolean).join(", ")));
          if (x.quote) { li.appendChild(el("q", { lang: "vi" }, x.quote)); }
          ul.appendChild(li);
        });
        st.appendChild(ul);
      }
      if (d.observations && d.observations.length) {
        var fg = section(say("figures"));
        var fl = el("ul", { "class": "network-quotes" });
        d.observations.slice(0, 30).forEach(function (o) {
          var li = el("li");
          li.appendChild(el("span", null, (o.measure_label || o.measure || "") + ": "));
          li.appendChild(el("strong", null, [o.approx, o.value, o.out_of ? "/ " + o.out_of : null, o.unit].filter(Boolean).join(" ")));
          li.appendChild(document.createTextNode(" " + [o.year || o.as_of, o.source && o.source.id].filter(Boolean).join(", ")));
          if (o.quote) { li.appendChild(el("q", { lang: "vi" }, o.quote)); }
          fl.appendChild(li);
        });
        fg.appendChild(fl);
      }
      if (d.sources && d.sources.length) {
        var so = section(say("sources"));
        var sl = el("ul");
        d.sources.forEach(function (x) {
          var li = el("li");
          li.appendChild(el("strong", null, x.id));
          if (x.title) { li.appendChild(document.createTextNode(": " + x.title)); }
          var url = webUrl(x.url);
          if (url) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("a", { href: url, rel: "noreferrer" }, "↗")); }
          sl.appendChild(li);
        });
        so.appendChild(sl);
      }
    }

    if (panel) {
      panel.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !view.gone) { closePanel(); } });
    }

    network.on("click", function (params) {
      if (params.nodes.length === 1) { openPanel(params.nodes[0]); } else if (!params.edges.length) { closePanel(); }
    });
    network.on("doubleClick", function (params) {
      var n = params.nodes.length === 1 ? nodes.get(params.nodes[0]) : null;
      if (n && n.url) { window.location.assign(n.url); }
    });

    // -- expand and hide ----------------------------------------------------------------------------------
    // new neighbours go round the node they came from, on the side away from the rest of the view, each in
    // the first free spot (no other node within GAP) on rings further and further out
    var GAP = 110;
    function place(centre, added) {
      var all = network.getPositions();
      var c = all[centre] || { x: 0, y: 0 };
      var cells = {}, sx = 0, sy = 0, count = 0;
      function cell(x, y) { return Math.floor(x / GAP) + ":" + Math.floor(y / GAP); }
      function mark(x, y) { (cells[cell(x, y)] = cells[cell(x, y)] || []).push([x, y]); }
      function free(x, y) {
        var i0 = Math.floor(x / GAP), j0 = Math.floor(y / GAP);
        for (var i = i0 - 1; i <= i0 + 1; i++) {
          for (var j = j0 - 1; j <= j0 + 1; j++) {
            var list = cells[i + ":" + j] || [];
            for (var k = 0; k < list.length; k++) {
              if (Math.hypot(list[k][0] - x, list[k][1] - y) < GAP) { return false; }
            }
          }
        }
        return true;
      }
      Object.keys(all).forEach(function (k) { mark(all[k].x, all[k].y); sx += all[k].x; sy += all[k].y; count++; });
      var away = count ? Math.atan2(c.y - sy / count, c.x - sx / count) : 0;
      added.forEach(function (n) {
        for (var ring = 1; ring < 60; ring++) {
          var r = 60 + ring * 70, steps = Math.max(8, Math.floor(2 * Math.PI * r / GAP)), done = false;
          for (var s = 0; s < steps && !done; s++) {
            // alternate either side of the direction away from the view
            var offset = Math.ceil(s / 2) * (s % 2 ? 1 : -1) * 2 * Math.PI / steps;
            var x = c.x + r * Math.cos(away + offset), y = c.y + r * Math.sin(away + offset);
            if (free(x, y)) { n.x = x; n.y = y; mark(x, y); done = true; }
          }
          if (done) { return; }
        }
        n.x = c.x; n.y = c.y;
      });
    }

    function expand(id, rels, quiet) {
      return fetch("/explore/data/expand", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ id: id, rels: rels, have: nodes.getIds() })
      }).then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (body) {
          place(id, body.nodes);
          nodes.add(body.nodes.filter(function (n) { return !nodes.get(n.id); }).map(localNode));
          edges.add(body.edges.filter(function (e) { return !edges.get(e.id); }).map(localEdge));
          var w = container.clientWidth, h = container.clientHeight;
          var outside = body.nodes.some(function (n) {
            var p = network.canvasToDOM({ x: n.x, y: n.y });
            return p.x < 0 || p.y < 0 || p.x > w || p.y > h;
          });
          if (outside) { network.fit({ animation: false }); }
          var key = id + "~" + rels.join(".");
          if (view.state.exp.indexOf(key) < 0) { view.state.exp.push(key); }
          buildFilters();
          applyFilters();
          counts();
          if (!quiet) {
            save();
            if (view.state.sel === id) { openPanel(id); }
            if (body.more && status) { status.textContent += " · " + say("more", { n: body.more }); }
          }
          refitSoon();
          return body;
        });
    }

    function hideNode(id, quiet) {
      if (!nodes.get(id)) { return; }
      if (view.state.sel === id) { closePanel(); }
      edges.remove(network.getConnectedEdges(id));
      nodes.remove(id);
      delete pinned[id];
      if (view.state.hide.indexOf(id) < 0) { view.state.hide.push(id); }
      if (!quiet) { save(); counts(); refitSoon(); }
    }

    // -- filters ------------------------------------------------------------------------------------------
    var filterBox = part("network-filter-groups");
    function layerName(code) { return strings["layer-" + code] || code.toUpperCase(); }
    function statusName(code) { return strings["status-" + code] || code; }
    function kindName(n) { return (vietnamese && n.kind_label_vi) || n.kind_label || n.kind; }
    var FACETS = [["layer", function (n) { return n.layer ? [n.layer, layerName(n.layer)] : null; }],
                  ["kind", function (n) { return n.kind ? [n.kind, kindName(n)] : null; }],
                  ["status", function (n) { return n.status ? [n.status, statusName(n.status)] : null; }],
                  ["province", function (n) { return n.province ? [n.province, n.province_label || n.province] : null; }]];

    function buildFilters() {
      if (!filterBox) { return; }
      filterBox.textContent = "";
      var all = nodes.get();
      FACETS.forEach(function (f) {
        var values = {};
        all.forEach(function (n) { var v = f[1](n); if (v) { values[v[0]] = v[1]; } });
        group(f[0], values);
      });
      var relValues = {};
      edges.get().forEach(function (e) { (e.rels || []).forEach(function (r) { relValues[r] = r; }); });
      group("relation", relValues);
    }

    function group(name, values) {
      var keys = Object.keys(values).sort();
      if (keys.length < 2 && !keys.some(function (k) { return view.state.off.indexOf(name + ":" + k) >= 0; })) { return; }
      var fs = el("fieldset");
      fs.appendChild(el("legend", null, say(name)));
      keys.forEach(function (k) {
        var id = "f-" + name + "-" + k.replace(/[^A-Za-z0-9_-]/g, "_");
        var label = el("label", { "for": id });
        var box = el("input", { type: "checkbox", id: id, "data-facet": name, value: k });
        box.checked = view.state.off.indexOf(name + ":" + k) < 0;
        box.addEventListener("change", function () {
          var token = name + ":" + k, at = view.state.off.indexOf(token);
          if (box.checked && at >= 0) { view.state.off.splice(at, 1); }
          if (!box.checked && at < 0) { view.state.off.push(token); }
          applyFilters();
          save();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + values[k]));
        fs.appendChild(label);
      });
      filterBox.appendChild(fs);
    }

    function applyFilters() {
      var off = {};
      view.state.off.forEach(function (t) { off[t] = true; });
      var nodeUpdates = [];
      nodes.get().forEach(function (n) {
        var hidden = FACETS.some(function (f) { var v = f[1](n); return v && off[f[0] + ":" + v[0]]; });
        if (!!n.hidden !== hidden) { nodeUpdates.push({ id: n.id, hidden: hidden }); }
      });
      nodes.update(nodeUpdates);
      var edgeUpdates = [];
      edges.get().forEach(function (e) {
        var rels = e.rels || [];
        var hidden = rels.length > 0 && rels.every(function (r) { return off["relation:" + r]; });
        if (!!e.hidden !== hidden) { edgeUpdates.push({ id: e.id, hidden: hidden }); }
      });
      edges.update(edgeUpdates);
      counts();
      refitSoon();
    }

    // -- search in the view --------------------------------------------------------------------------------
    var find = part("network-find"), findCount = part("network-find-count"), found = [];
    function search(text) {
      found.forEach(function (id) { delete pinned[id]; });
      var q = fold(text).trim();
      found = !q ? [] : nodes.get({ filter: function (n) { return !n.hidden && fold(n.full + " " + (n.full_vi || "") + " " + (n.full_en || "") + " " + n.id).indexOf(q) >= 0; } })
        .map(function (n) { return n.id; });
      found.forEach(function (id) { pinned[id] = true; });
      if (findCount) { findCount.textContent = q ? (found.length ? say("matches", { n: found.length }) : say("no-match")) : ""; }
      if (found.length) { network.selectNodes(found); } else if (!view.state.sel) { network.unselectAll(); }
      refitSoon();
    }
    if (find) {
      find.addEventListener("input", function () { if (!view.gone) { search(find.value); } });
      find.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" && found.length && !view.gone) {
          ev.preventDefault();
          network.focus(found[0], { scale: Math.max(network.getScale(), 1), animation: false });
          openPanel(found[0]);
          refitSoon();
        }
      });
    }

    // -- fit, reset, export -------------------------------------------------------------------------------
    function on(id, handler) {
      var b = part(id);
      if (b) { b.addEventListener("click", function (ev) { if (!view.gone) { handler(ev); } }); }
    }
    on("network-fit", function () { network.fit(); refitSoon(); });
    on("network-reset", function () { location.hash = ""; location.reload(); });

    function download(name, url) {
      var a = el("a", { href: url, download: name });
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
    function fileName(ext) { return (document.title.split("·")[0].trim() || "network").replace(/[^\p{L}\p{N}]+/gu, "-") + "." + ext; }

    view.png = function () {
      var source = container.querySelector("canvas");
      var out = document.createElement("canvas");
      out.width = source.width; out.height = source.height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(source, 0, 0);
      return out.toDataURL("image/png");
    };
    view.svg = function () {
      var NS = "http://www.w3.org/2000/svg";
      var shown = nodes.get({ filter: function (n) { return !n.hidden; } });
      var pos = network.getPositions(shown.map(function (n) { return n.id; }));
      var xs = [], ys = [];
      shown.forEach(function (n) { xs.push(pos[n.id].x); ys.push(pos[n.id].y); });
      var x0 = Math.min.apply(null, xs.concat([0])) - 150, y0 = Math.min.apply(null, ys.concat([0])) - 80;
      var x1 = Math.max.apply(null, xs.concat([0])) + 150, y1 = Math.max.apply(null, ys.concat([0])) + 80;
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("xmlns", NS);
      svg.setAttribute("viewBox", [x0, y0, x1 - x0, y1 - y0].join(" "));
      svg.setAttribute("font-family", "system-ui, sans-serif");
      function add(parent, tag, attrs, text) {
        var e = document.createElementNS(NS, tag);
        Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
        if (text) { e.textContent = text; }
        parent.appendChild(e);
        return e;
      }
      add(svg, "rect", { x: x0, y: y0, width: x1 - x0, height: y1 - y0, fill: "#ffffff" });
      edges.get({ filter: function (e) { return !e.hidden && pos[e.from] && pos[e.to]; } }).forEach(function (e) {
        var a = pos[e.from], b = pos[e.to];
        add(svg, "line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "#8a96a3", "stroke-width": 1.2 });
        if (e.label) { add(svg, "text", { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, "font-size": 11, "text-anchor": "middle", fill: "#3c4650" }, e.label); }
      });
      shown.forEach(function (n) {
        var p = pos[n.id], colour = typeof n.color === "string" ? n.color : (n.color && n.color.background) || "#b8c2cc";
        var border = n.color && n.color.border ? n.color.border : "#3c4650";
        add(svg, "circle", { cx: p.x, cy: p.y, r: n.size || 16, fill: colour, stroke: border, "stroke-width": n.borderWidth || 1.5 });
        var text = view.shown[n.id] || "";
        if (text) { add(svg, "text", { x: p.x, y: p.y + (n.size || 16) + 16, "font-size": 13, "text-anchor": "middle", fill: "#1d2733" }, text); }
        add(svg, "title", {}, n.full || n.id);
      });
      return new XMLSerializer().serializeToString(svg);
    };
    on("network-png", function () { download(fileName("png"), view.png()); });
    on("network-svg", function () {
      download(fileName("svg"), URL.createObjectURL(new Blob([view.svg()], { type: "image/svg+xml" })));
    });

    // -- state in the address's fragment ----------------------------------------------------------------------
    var ID = /^[A-Za-z0-9_.:\/-]{1,300}$/, REL = /^[A-Za-z]{1,80}$/;
    function save() {
      if (!view.primary) { return; }
      var parts = [];
      if (view.state.sel) { parts.push("sel=" + encodeURIComponent(view.state.sel)); }
      if (view.state.exp.length) { parts.push("exp=" + view.state.exp.map(encodeURIComponent).join(",")); }
      if (view.state.hide.length) { parts.push("hide=" + view.state.hide.map(encodeURIComponent).join(",")); }
      if (view.state.off.length) { parts.push("off=" + view.state.off.map(encodeURIComponent).join(",")); }
      history.replaceState(null, "", location.pathname + location.search + (parts.length ? "#" + parts.join("&") : ""));
    }

    function parseHash() {
      var out = { sel: null, exp: [], hide: [], off: [] };
      var text = location.hash.slice(1, 20000);
      text.split("&").slice(0, 10).forEach(function (pair) {
        var at = pair.indexOf("=");
        if (at < 0) { return; }
        var name = pair.slice(0, at), values = pair.slice(at + 1).split(",").slice(0, 200).map(function (v) {
          try { return decodeURIComponent(v); } catch (err) { return ""; }
        });
        if (name === "sel" && ID.test(values[0])) { out.sel = values[0]; }
        if (name === "hide") { out.hide = values.filter(function (v) { return ID.test(v); }); }
        if (name === "exp") {
          out.exp = values.filter(function (v) {
            var p = v.split("~");
            return p.length === 2 && ID.test(p[0]) && p[1].split(".").every(function (r) { return REL.test(r); });
          });
        }
        if (name === "off") { out.off = values.filter(function (v) { return /^(layer|kind|status|province|relation):[A-Za-z0-9_.\/-]{1,120}$/.test(v); }); }
      });
      return out;
    }

    function restore() {
      buildFilters();
      if (!view.primary || !location.hash) { return; }
      var wanted = parseHash();
      view.state.off = wanted.off;
      var chain = Promise.resolve();
      if (served) {
        wanted.exp.forEach(function (token) {
          var p = token.split("~");
          chain = chain.then(function () { if (nodes.get(p[0])) { return expand(p[0], p[1].split("."), true).catch(function () { return null; }); } });
        });
      }
      chain.then(function () {
        wanted.hide.forEach(function (id) { hideNode(id, true); });
        buildFilters();
        applyFilters();
        if (wanted.sel && nodes.get(wanted.sel)) { openPanel(wanted.sel); }
        save();
        counts();
        refitSoon();
      });
    }

    return view;
  }

  function strings() {
    var source = document.getElementById("network-strings");
    try { return source ? JSON.parse(source.textContent) : {}; } catch (err) { return {}; }
  }

  window.egovkgDraw = draw;
  var views = [];
  var elements = document.querySelectorAll("[data-network]");
  for (var i = 0; i < elements.length; i++) {
    var source = document.getElementById(elements[i].getAttribute("data-network"));
    var v = draw(elements[i], JSON.parse(source.textContent), strings());
    v.primary = i === 0;
    views.push(v);
  }
  window.egovkgNetworks = views;
  window.egovkgNetwork = views.length ? views[0] : null;
}());
