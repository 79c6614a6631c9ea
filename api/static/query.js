// The SPARQL query page: an editor with line numbers, example questions, a results table whose IRIs
// show their rdfs:label and link to the explorer, and downloads in every format. Everything goes
// through the public /sparql endpoint. Data from the graph is only ever put into the page as text
// (textContent, never innerHTML): labels come from imported reports. Beside the table, the results are
// drawn as the explorer's network (network.js, window.egovkgDraw): a CONSTRUCT's triples, or the resources
// a SELECT names and the links among them. Interface strings come from the page's data (the catalogue).
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const editor = document.getElementById("query");
  const gutter = document.getElementById("gutter");
  const form = document.getElementById("query-form");
  const statusLine = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");
  const downloads = document.getElementById("downloads");
  const downloadButtons = document.getElementById("download-buttons");
  const labelLang = document.getElementById("label-lang");
  const area = document.getElementById("results-area");
  const graphBox = document.getElementById("result-graph");
  const graphNotes = document.getElementById("graph-notes");
  const graphLegend = document.getElementById("graph-legend");
  const strings = data.strings || {};
  const say = (name, params) => String(strings[name] || name).replace(/\{(\w+)\}/g, (m, k) => (params && k in params ? params[k] : m));
  let drawn = null;

  const RESULT_FORMATS = [["json", "JSON"], ["xml", "XML"], ["csv", "CSV"], ["tsv", "TSV"]];
  const GRAPH_FORMATS = [["turtle", "Turtle"], ["ntriples", "N-Triples"], ["jsonld", "JSON-LD"], ["rdfxml", "RDF/XML"]];
  const EXTENSIONS = { json: "srj", xml: "srx", csv: "csv", tsv: "tsv", turtle: "ttl", ntriples: "nt", jsonld: "jsonld", rdfxml: "rdf" };
  // SELECT/ASK answer in SPARQL JSON, CONSTRUCT/DESCRIBE in Turtle: one request, both kinds
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  // characters an IRI written <…> in SPARQL may not contain
  const UNSAFE_IRI = /[\s<>"{}|^`\\]/;
  const LABEL_BATCH = 300;

  let lastQuery = null;
  let lastRows = null;
  const labels = new Map(); // iri -> {en, vi, any}

  // -- editor -------------------------------------------------------------------------------------
  function updateGutter() {
    const lines = editor.value.split("\n").length;
    let text = "";
    for (let i = 1; i <= lines; i++) text += i + "\n";
    gutter.textContent = text;
    gutter.scrollTop = editor.scrollTop;
  }
  editor.addEventListener("input", updateGutter);
  editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      const start = editor.selectionStart;
      editor.setRangeText("  ", start, editor.selectionEnd, "end");
      updateGutter();
    }
  });

  function setQuery(text) {
    editor.value = text;
    updateGutter();
  }

  function selectPosition(line, column) {
    const lines = editor.value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, (column || 1) - 1);
    editor.focus();
    editor.setSelectionRange(offset, Math.min(editor.value.length, offset + 1));
  }

  // -- talking to the endpoint --------------------------------------------------------------------
  async function post(query, extra, accept) {
    const body = new URLSearchParams({ query: query, ...extra });
    return fetch("/sparql", { method: "POST", body: body, headers: { Accept: accept } });
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body;
    } catch (e) {
      return { detail: response.status + " " + response.statusText };
    }
  }

  // -- labels -------------------------------------------------------------------------------------
  async function fetchLabels(iris) {
    const wanted = [...new Set(iris)].filter((iri) => !labels.has(iri) && !UNSAFE_IRI.test(iri));
    for (let i = 0; i < wanted.length; i += LABEL_BATCH) {
      const batch = wanted.slice(i, i + LABEL_BATCH);
      batch.forEach((iri) => labels.set(iri, {}));
      const values = batch.map((iri) => "<" + iri + ">").join(" ");
      // the first label per language is the one every page shows (graph.network.names): a curated label (a graph no
      // source made) first, then the latest source's (year, issue date, id), then the shortest
      const query = "SELECT ?s ?label WHERE { VALUES ?s { " + values + " } GRAPH ?g { ?s rdfs:label ?label } " +
        "OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?src } OPTIONAL { ?src egov:refYear ?year } " +
        "OPTIONAL { ?src dcterms:issued ?issued } } BIND(IF(BOUND(?src), 0, 1) AS ?curated) } " +
        "ORDER BY DESC(?curated) DESC(?year) DESC(STR(?issued)) DESC(STR(?src)) STRLEN(?label) DESC(?label)";
      const response = await post(query, {}, "application/sparql-results+json");
      if (!response.ok) return; // labels are a nicety: the table still shows IRIs
      const body = await response.json();
      for (const row of body.results.bindings) {
        const entry = labels.get(row.s.value);
        const lang = row.label["xml:lang"] || "any";
        if (!entry[lang]) entry[lang] = row.label.value;
      }
    }
  }

  function labelOf(iri) {
    const entry = labels.get(iri);
    if (!entry) return null;
    return entry[labelLang.value] || entry.en || entry.vi || entry.any || null;
  }

  function shorten(iri) {
    let best = null;
    for (const [prefix, ns] of Object.entries(data.prefixes)) {
      if (iri.startsWith(ns) && (!best || ns.length > data.prefixes[best].length)) best = prefix;
    }
    return best ? best + ":" + iri.slice(data.prefixes[best].length) : iri;
  }

  function hrefOf(iri) {
    const systems = data.base + "id/system/";
    const provinces = data.base + "id/province/";
    if (iri.startsWith(systems)) return "/explore/systems/" + iri.slice(systems.length).split("/").map(encodeURIComponent).join("/");
    if (iri.startsWith(provinces)) return "/explore/provinces/" + encodeURIComponent(iri.slice(provinces.length));
    if (UNSAFE_IRI.test(iri)) return null;
    const describe = "SELECT ?property ?value ?graph WHERE {\n  GRAPH ?graph { <" + iri + "> ?property ?value }\n}\nORDER BY ?property";
    return "/query?query=" + encodeURIComponent(describe);
  }

  // -- rendering ----------------------------------------------------------------------------------
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const label = labelOf(term.value);
      const href = hrefOf(term.value);
      const node = document.createElement(href ? "a" : "span");
      if (href) node.href = href;
      node.className = "iri";
      node.textContent = label || shorten(term.value);
      node.title = term.value;
      td.appendChild(node);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else if (term.type === "triple") {
      td.textContent = "<< " + [term.value.subject, term.value.predicate, term.value.object].map((t) => t.value).join(" ") + " >>";
    } else {
      td.textContent = term.value;
      const note = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? shorten(term.datatype) : null;
      if (note) {
        const small = document.createElement("small");
        small.className = "muted";
        small.textContent = " " + note;
        td.appendChild(small);
      }
    }
    return td;
  }

  function renderTable(body) {
    results.replaceChildren();
    if (body.boolean !== undefined) {
      const p = document.createElement("p");
      p.className = "ask";
      p.textContent = body.boolean ? say("yes") : say("no");
      results.appendChild(p);
      return 1;
    }
    const vars = body.head.vars;
    const table = document.createElement("table");
    table.id = "result-table";
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const tbody = table.createTBody();
    for (const row of body.results.bindings) {
      const tr = tbody.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v]));
    }
    results.appendChild(table);
    return body.results.bindings.length;
  }

  function renderGraph(text) {
    results.replaceChildren();
    const pre = document.createElement("pre");
    pre.className = "graph";
    pre.textContent = text;
    results.appendChild(pre);
  }

  function showDownloads(formats) {
    downloadButtons.replaceChildren();
    for (const [fmt, name] of formats) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.format = fmt;
      button.textContent = name;
      button.addEventListener("click", () => download(fmt));
      downloadButtons.appendChild(button);
    }
    downloads.hidden = false;
  }

  async function download(fmt) {
    if (lastQuery === null) return;
    const response = await post(lastQuery, { format: fmt }, "*/*");
    if (!response.ok) {
      showError(await problem(response));
      return;
    }
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = "results." + EXTENSIONS[fmt];
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function showError(body) {
    errorBox.replaceChildren();
    const where = body.line ? " (" + say("line", { line: body.line, column: body.column }) + ")" : "";
    errorBox.textContent = (body.title ? body.title + ": " : "") + (body.detail || say("failed")) + where;
    errorBox.hidden = false;
    if (body.line) selectPosition(body.line, body.column);
  }

  // -- running ------------------------------------------------------------------------------------
  async function run() {
    const query = editor.value;
    errorBox.hidden = true;
    statusLine.textContent = say("running");
    const started = performance.now();
    let response;
    try {
      response = await post(query, {}, ACCEPT);
    } catch (e) {
      statusLine.textContent = "";
      showError({ detail: say("unreachable") });
      return;
    }
    const elapsed = Math.round(performance.now() - started);
    if (!response.ok) {
      statusLine.textContent = "";
      showError(await problem(response));
      return;
    }
    lastQuery = query;
    const truncated = response.headers.get("X-Egovkg-Truncated") === "true";
    const type = response.headers.get("Content-Type") || "";
    let count;
    let network = null;
    if (type.startsWith("application/sparql-results+json")) {
      const body = await response.json();
      lastRows = body;
      const iris = [];
      if (body.results) {
        for (const row of body.results.bindings) for (const term of Object.values(row)) if (term.type === "uri") iris.push(term.value);
        await fetchLabels(iris);
      }
      count = renderTable(body);
      showDownloads(RESULT_FORMATS);
      if (iris.length) network = { url: "/explore/data/resources", body: { iris: [...new Set(iris)].slice(0, 5000) } };
    } else {
      lastRows = null;
      const text = await response.text();
      renderGraph(text);
      count = text.split("\n").filter((line) => line.trim() && !line.startsWith("@prefix")).length;
      showDownloads(GRAPH_FORMATS);
      network = { url: "/explore/data/construct", body: { query: query } };
    }
    statusLine.textContent = count + " " + (count === 1 ? say("row") : say("rows")) + " " + say("in-ms", { ms: elapsed }) +
      (truncated ? " — " + say("truncated") : "");
    await showNetwork(network);
    statusLine.classList.toggle("truncated", truncated);
    if (query.length < 1500) history.replaceState(null, "", "/query?query=" + encodeURIComponent(query));
  }

  // -- the results as a network ---------------------------------------------------------------------
  function hideNetwork() {
    if (drawn) { drawn.destroy(); drawn = null; }
    graphBox.hidden = true;
    area.classList.remove("with-graph");
  }

  async function showNetwork(request) {
    hideNetwork();
    if (!request || !window.egovkgDraw) return;
    let response;
    try {
      response = await fetch(request.url, {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(request.body),
      });
    } catch (e) {
      return;
    }
    if (!response.ok) return; // a SELECT that names no node of the graph: the table alone
    const view = await response.json();
    if (!view.nodes.length) return;
    graphBox.hidden = false;
    area.classList.add("with-graph");
    graphNotes.hidden = !view.notes.length;
    graphNotes.textContent = view.notes.join(" ");
    graphLegend.replaceChildren();
    for (const entry of view.legend) {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "legend-swatch " + entry.shape + (entry.dashed ? " legend-group" : "");
      swatch.style.backgroundColor = entry.colour;
      if (entry.border) swatch.style.border = "3px solid " + entry.border;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(entry.label));
      graphLegend.appendChild(li);
    }
    drawn = window.egovkgDraw(document.getElementById("network"), view, strings);
    window.egovkgNetwork = drawn;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  labelLang.addEventListener("change", () => { if (lastRows) renderTable(lastRows); });

  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      const example = data.examples.find((e) => e.slug === button.dataset.slug);
      setQuery(example.text);
      run();
    });
  }

  if (data.query) {
    setQuery(data.query);
    run();
  } else {
    setQuery(data.examples.length ? data.examples[0].text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");
  }
})();
