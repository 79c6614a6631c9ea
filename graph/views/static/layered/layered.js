/* The layered diagram's behaviour (graph/views/layered.py draws it; this only adds to it):
   - hovering or focusing a system highlights it, its links and the systems they join, the links drawn on top;
   - a line wider than its box (a fallback font wider than the one the layout measured) is narrowed to fit;
   - on a page with a panel (a figure with data-panel), a click opens the system's details beside the diagram,
     fetched from this server as an HTML fragment the server escaped (a box with its own data-panel, a province of
     the national diagram, opens that one); Escape or × closes it. Without this script the diagram reads the
     same, and a click opens the system's (or province's) page. Nothing is fetched from elsewhere;
   - an aggregated link (data-n: how many systems it stands for) shows its number by the box at its far end. */
(function () {
  "use strict";

  function init(svg) {
    var overlay = svg.querySelector("g.overlay");
    var boxes = new Map();
    svg.querySelectorAll(".box[data-id]").forEach(function (b) { if (b.dataset.id) { boxes.set(b.dataset.id, b); } });
    var links = new Map();
    svg.querySelectorAll(".edges .edge").forEach(function (e) {
      [e.dataset.a, e.dataset.b].forEach(function (id) {
        if (!links.has(id)) { links.set(id, []); }
        links.get(id).push(e);
      });
    });
    var pinned = null;
    var NS = "http://www.w3.org/2000/svg";

    function badge(edge, id) {
      // the number near the far end of the link: each box the highlighted one links to gets its own
      var length = edge.getTotalLength();
      var far = edge.dataset.a === id ? Math.max(0, length - 16) : Math.min(length, 16);
      var at = edge.getPointAtLength(far);
      var g = document.createElementNS(NS, "g");
      g.setAttribute("class", "badge");
      var text = document.createElementNS(NS, "text");
      text.setAttribute("x", String(at.x));
      text.setAttribute("y", String(at.y + 4));
      text.setAttribute("text-anchor", "middle");
      text.textContent = edge.dataset.n;
      var rect = document.createElementNS(NS, "rect");
      var w = 8 + 7 * edge.dataset.n.length;
      rect.setAttribute("x", String(at.x - w / 2));
      rect.setAttribute("y", String(at.y - 8));
      rect.setAttribute("width", String(w));
      rect.setAttribute("height", "16");
      rect.setAttribute("rx", "8");
      g.appendChild(rect);
      g.appendChild(text);
      return g;
    }

    function clear() {
      svg.classList.remove("dim");
      svg.querySelectorAll(".box.hl").forEach(function (b) { b.classList.remove("hl"); });
      while (overlay && overlay.firstChild) { overlay.removeChild(overlay.firstChild); }
    }

    function highlight(id) {
      clear();
      var box = boxes.get(id);
      if (!box) { return; }
      svg.classList.add("dim");
      box.classList.add("hl");
      var badges = [];
      (links.get(id) || []).forEach(function (e) {
        var copy = e.cloneNode(true);
        var tip = copy.querySelector("title");
        if (tip) { copy.removeChild(tip); }
        ["marker-end", "marker-start"].forEach(function (m) {
          if (copy.hasAttribute(m)) { copy.setAttribute(m, "url(#lay-arrow-hl)"); }
        });
        if (overlay) { overlay.appendChild(copy); }
        if (overlay && e.dataset.n) { badges.push(badge(e, id)); }
        [e.dataset.a, e.dataset.b].forEach(function (other) {
          var b = boxes.get(other);
          if (b) { b.classList.add("hl"); }
        });
      });
      badges.forEach(function (g) { overlay.appendChild(g); });   // over the links
    }

    function rest() { if (pinned) { highlight(pinned); } else { clear(); } }

    boxes.forEach(function (box, id) {
      box.addEventListener("mouseenter", function () { highlight(id); });
      box.addEventListener("mouseleave", rest);
      box.addEventListener("focus", function () { highlight(id); });
      box.addEventListener("blur", rest);
    });

    svg.querySelectorAll(".box").forEach(function (box) {
      var rect = box.querySelector("rect");
      if (!rect) { return; }
      var room = rect.width.baseVal.value - 8;
      box.querySelectorAll("tspan").forEach(function (line) {
        if (line.getComputedTextLength() > room) {
          line.setAttribute("textLength", String(room));
          line.setAttribute("lengthAdjust", "spacingAndGlyphs");
        }
      });
    });

    var figure = svg.closest("[data-panel]");
    var panel = document.getElementById("layered-panel");
    if (!figure || !panel) { return; }
    var body = panel.querySelector(".panel-body");
    var opener = null;

    function close() {
      panel.hidden = true;
      pinned = null;
      clear();
      if (opener) { opener.focus(); opener = null; }
    }

    function open(id, box) {
      pinned = id;
      opener = box;
      highlight(id);
      panel.hidden = false;
      panel.setAttribute("aria-busy", "true");
      body.textContent = "";  // not the last system's details while this one's come
      var path = id.split("/").map(encodeURIComponent).join("/");
      var url = box.dataset.panel || figure.dataset.panel.replace("{id}", path);
      fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error("panel " + r.status); }  // not an error page inside the panel
          return r.text();
        })
        .then(function (html) {
          if (pinned !== id) { return; }
          body.innerHTML = html;  // the server's fragment: every value from data in it is escaped
          panel.removeAttribute("aria-busy");
          var title = body.querySelector(".panel-title");
          if (title) { title.focus(); }
        })
        .catch(function () {
          if (pinned !== id) { return; }
          // what a click does without this script: the box's own page, if it links to one
          var href = box.getAttribute("href");
          if (href) { location.href = href; } else { close(); }
        });
    }

    boxes.forEach(function (box, id) {
      box.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
        event.preventDefault();
        open(id, box);
      });
      if (box.tagName.toLowerCase() !== "a") {
        box.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(id, box); }
        });
      }
    });
    panel.querySelector(".close").addEventListener("click", close);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) { close(); }
    });
  }

  document.querySelectorAll("svg.layered").forEach(init);
  // the "as of" choice shows at once (the button stays for a page without this script)
  document.querySelectorAll("form.asof select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
}());
