"""The home page: a static shell that asks for an API key once and reads the API with it.

Browsers send no bearer token when they navigate, so ``/`` carries no data
and needs no key. Its inline script asks for the key (a small form), keeps it
in ``sessionStorage`` (gone when the tab closes), fetches ``/v1/...`` JSON with
``Authorization: Bearer ...`` and renders the platform list; a graph view is
fetched the same way and shown in a sandboxed ``<iframe srcdoc>`` without
same-origin rights, so the view's own script cannot read the key. The key is
never put in a URL. Data from the API is only ever written with
``textContent``, never parsed as HTML.

Each view state (which view of which node, max tier, node budget, collapse,
adversary-only, kinds, the focused node) is written to the page's own query
string (``/?view=platform&id=...&node_budget=40&focus=...``), so the address is
a shareable link: opening it (and giving a key) restores the view. The key is
never part of it.

For tests and tools the page exposes ``window.supplynetHome``:
``{ready, platforms, error, view: {kind, id, url, status, bytes}, views, focused,
shareUrl}``; ``views`` counts views loaded into the frame.
"""

from __future__ import annotations

from typing import Final

from api.shell import page_shell

__all__ = ["HOME_HTML"]

_CSS: Final = """
#view-title { font-weight: 600; margin: 0 0 6px; }
#view-frame { width: 100%; height: 78vh; border: 1px solid #d8dde3; border-radius: 4px;
  background: #fff; }
#search-box { position: relative; max-width: 640px; }
#search-input { width: 100%; box-sizing: border-box; font-size: 15px; padding: 6px 9px; }
#suggestions { position: absolute; z-index: 5; left: 0; right: 0; margin: 0; padding: 0;
  list-style: none; background: #fff; border: 1px solid #b8c0c8; border-top: 0;
  max-height: 360px; overflow-y: auto; box-shadow: 0 3px 8px rgba(0,0,0,.15); }
#suggestions li { padding: 5px 9px; cursor: pointer; display: flex; gap: 8px; }
#suggestions li[aria-selected=true], #suggestions li:hover { background: #e8f0fb; }
#suggestions .kind { color: #6a737d; font-size: 12px; margin-left: auto; }
#found { margin-top: 8px; }
"""

_HEADER: Final = """
  <p>Defence supply network: platforms, their headline risks and interactive views.</p>
  <button id="forget" type="button" hidden>Forget key</button>
"""

_BODY: Final = """
  <section id="key-section">
    <h2>API key</h2>
    <form id="key-form" autocomplete="off">
      <label>Key <input id="key-input" type="password" size="50" placeholder="sn_..."
        autocomplete="off" spellcheck="false"></label>
      <button type="submit">Use key</button>
      <span class="muted">Kept in this tab only (sessionStorage), sent as a bearer token,
        never in a URL.</span>
    </form>
    <p class="muted" id="key-help">No key yet? <code>make demo</code> prints one; otherwise an
      administrator creates one with <code>supplynet keys create --role viewer</code>
      (roles: viewer, analyst, editor, admin). The API's documentation is at
      <a href="/docs">/docs</a>.</p>
    <p id="key-error" class="error" hidden></p>
  </section>
  <div id="app" hidden>
    <section>
      <h2>Search</h2>
      <div id="search-box">
        <input id="search-input" type="search" role="combobox" aria-expanded="false"
          aria-controls="suggestions" aria-autocomplete="list" autocomplete="off"
          spellcheck="false"
          placeholder="Organisation, facility, item or country: name, id, LEI, CAGE, NSN">
        <ul id="suggestions" role="listbox" hidden></ul>
      </div>
      <div id="found" hidden></div>
    </section>
    <section>
      <h2>Platforms</h2>
      <p id="analysis-note" class="muted"></p>
      <table id="platforms">
        <thead><tr>
          <th>Platform</th><th>Id</th>
          <th title="Organisations, facilities and countries whose loss alone stops the platform">
            Order-1 SPOFs</th>
          <th>Adversary-free</th><th>Sole-source items</th><th>Data gaps</th><th>View</th>
        </tr></thead>
        <tbody></tbody>
      </table>
    </section>
    <section id="changes-section">
      <h2>Changes since the previous run</h2>
      <p id="changes-note" class="muted"></p>
      <ul id="changes"></ul>
      <p class="muted"><a href="/review">Review candidate matches</a></p>
    </section>
    <section>
      <h2>Filters</h2>
      <form id="filters">
        <label>Max tier <input id="f-max-tier" type="number" min="0" max="1000"></label>
        <label>Node budget <input id="f-budget" type="number" min="1" max="5000" value="300">
        </label>
        <label>Collapse by <select id="f-collapse">
          <option value="tier">tier</option><option value="country">country</option>
        </select></label>
        <label><input id="f-adversary" type="checkbox"> adversary-linked only</label>
        <span id="f-kinds"></span>
      </form>
    </section>
    <section>
      <h2>Other views</h2>
      <form id="other-views">
        <label>Ownership of <select id="org-select"></select></label>
        <button type="button" id="open-ownership">Open ownership view</button>
        <label>Material <select id="material-select"></select></label>
        <button type="button" id="open-material">Open material view</button>
      </form>
    </section>
    <section id="view-section" hidden>
      <p id="view-title"></p>
      <p id="view-error" class="error" hidden></p>
      <iframe id="view-frame" title="graph view" sandbox="allow-scripts allow-downloads"
        referrerpolicy="no-referrer"></iframe>
    </section>
  </div>
"""

_SCRIPT: Final = """
(function () {
  "use strict";
  var STORE = "supplynet.key";
  var KINDS = ["platform", "assembly", "component", "material", "organisation", "facility",
               "country"];
  var home = window.supplynetHome = {ready: false, platforms: [], error: null, view: null,
                                     views: 0};
  var $ = function (id) { return document.getElementById(id); };

  function key() { return sessionStorage.getItem(STORE); }

  function problemText(status, body) {
    if (body && typeof body === "object" && body.detail) { return status + ": " + body.detail; }
    return "HTTP " + status;
  }

  async function api(path, asText) {
    var r = await fetch(path, {headers: {"Authorization": "Bearer " + key()},
                               credentials: "omit", cache: "no-store"});
    if (!r.ok) {
      var body = null;
      try { body = await r.json(); } catch (e) { body = null; }
      var err = new Error(problemText(r.status, body));
      err.status = r.status;
      throw err;
    }
    return asText ? r.text() : r.json();
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "\\u2013" : String(text);
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }

  function filters(kind) {
    var q = new URLSearchParams();
    var tier = $("f-max-tier").value;
    if (kind === "platform" && tier !== "") { q.set("max_tier", tier); }
    q.set("node_budget", $("f-budget").value || "300");
    q.set("collapse_by", $("f-collapse").value);
    if ($("f-adversary").checked) { q.set("adversary_only", "true"); }
    if (kind !== "ownership") {
      KINDS.forEach(function (k) { if ($("kind-" + k).checked) { q.append("kinds", k); } });
    }
    return q.toString();
  }

  var PATHS = {
    platform: function (id) { return "/v1/platforms/" + encodeURIComponent(id) + "/graph.html"; },
    ownership: function (id) {
      return "/v1/organisations/" + encodeURIComponent(id) + "/ownership/graph.html"; },
    material: function (id) { return "/v1/materials/" + encodeURIComponent(id) + "/graph.html"; }
  };

  // The view state (which view, filters, focused node) lives in this page's URL, so a
  // link restores it; the key never does (it stays in sessionStorage).
  function shareState() {
    var q = new URLSearchParams();
    if (home.view) { q.set("view", home.view.kind); q.set("id", home.view.id); }
    if ($("f-max-tier").value !== "") { q.set("max_tier", $("f-max-tier").value); }
    q.set("node_budget", $("f-budget").value || "300");
    q.set("collapse_by", $("f-collapse").value);
    if ($("f-adversary").checked) { q.set("adversary_only", "true"); }
    KINDS.forEach(function (k) { if ($("kind-" + k).checked) { q.append("kinds", k); } });
    if (home.focused) { q.set("focus", home.focused); }
    history.replaceState(null, "", location.pathname + "?" + q.toString());
    home.shareUrl = location.href;
  }
  home.shareState = shareState;

  function labelOf(kind, id) {
    var select = kind === "ownership" ? $("org-select") :
      kind === "material" ? $("material-select") : null;
    if (select) {
      var o = Array.prototype.find.call(select.options, function (x) { return x.value === id; });
      if (o) { return o.textContent; }
    }
    var name = (home.names || {})[id];
    return name ? name + " (" + id + ")" : id;
  }

  async function restoreState() {
    var q = new URLSearchParams(location.search);
    if (!q.has("view") && !q.has("node_budget")) { return; }
    $("f-max-tier").value = q.get("max_tier") || "";
    $("f-budget").value = q.get("node_budget") || "300";
    $("f-collapse").value = q.get("collapse_by") === "country" ? "country" : "tier";
    $("f-adversary").checked = q.get("adversary_only") === "true";
    var kinds = q.getAll("kinds");
    KINDS.forEach(function (k) { $("kind-" + k).checked = kinds.indexOf(k) >= 0; });
    var kind = q.get("view"), id = q.get("id"), focus = q.get("focus");
    if (kind && PATHS.hasOwnProperty(kind) && id) {
      await openView(kind, id, labelOf(kind, id));
      if (focus) { focusInView(focus); }
    }
    home.restored = true;
  }

  async function openView(kind, id, label) {
    var url = PATHS[kind](id);
    var query = filters(kind);
    if (query) { url += "?" + query; }
    $("view-section").hidden = false;
    $("view-title").textContent = "Loading " + kind + " view of " + label + " \\u2026";
    $("view-error").hidden = true;
    // Another view: the focused node was one of the last view's.
    if (!home.view || home.view.kind !== kind || home.view.id !== id) { home.focused = null; }
    home.view = {kind: kind, id: id, label: label, url: url, status: null, bytes: 0};
    home.viewLoaded = false;
    shareState();
    try {
      var html = await api(url, true);
      home.view.status = 200;
      home.view.bytes = html.length;
      // srcdoc in a frame sandboxed without allow-same-origin: the view runs in an
      // opaque origin and cannot reach this page, its sessionStorage or the key.
      $("view-frame").srcdoc = html;
      if (home.focused) { focusInView(home.focused); }
      $("view-section").scrollIntoView({block: "start"});
      $("view-title").textContent = kind.charAt(0).toUpperCase() + kind.slice(1) +
        " view: " + label;
    } catch (e) {
      home.view.status = e.status || 0;
      $("view-error").textContent = e.message;
      $("view-error").hidden = false;
      $("view-title").textContent = "";
      if (e.status === 401) { forget(e.message); }
    }
    return home.view;
  }
  home.openView = openView;

  function renderPlatforms(overview) {
    var body = $("platforms").tBodies[0];
    body.textContent = "";
    overview.platforms.forEach(function (p) {
      var tr = document.createElement("tr");
      tr.dataset.platform = p.id;
      var pageUrl = "/pages/platforms/" + encodeURIComponent(p.id);
      var nameCell = cell(tr, "");
      var a = document.createElement("a");
      a.href = pageUrl;
      a.textContent = p.name || p.id;
      nameCell.appendChild(a);
      cell(tr, p.id, "muted");
      if (!p.analysed) {
        cell(tr, "not analysed", "muted");
        cell(tr, null); cell(tr, null); cell(tr, null);
      } else {
        var s = p.spof_order1 || {};
        var spof = cell(tr, p.spof_order1_count, p.spof_order1_count ? "num bad" : "num good");
        spof.title = (s.organisations || 0) + " organisations, " + (s.facilities || 0) +
          " facilities, " + (s.countries || 0) + " countries";
        cell(tr, p.adversary_free === true ? "yes" : (p.adversary_free === false ? "no" : null),
             p.adversary_free === false ? "bad" : "good");
        cell(tr, p.sole_source_count, "num");
        cell(tr, p.data_gap_count, p.data_gap_count ? "num bad" : "num");
        // Every count opens the platform page at the table behind it.
        [["spof", 2], ["blocking", 3], ["sole_source", 4], ["data_gaps", 5]].forEach(
          function (t) {
            var td = tr.children[t[1]];
            var link = document.createElement("a");
            link.href = pageUrl + "#table-" + t[0];
            link.textContent = td.textContent;
            link.className = "count";
            td.textContent = "";
            td.appendChild(link);
          });
      }
      var td = document.createElement("td");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = "Dependency view";
      b.addEventListener("click", function () { openView("platform", p.id, p.name || p.id); });
      td.appendChild(b);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    var a = overview.analysis;
    $("analysis-note").textContent = a.sources.indexOf("on-demand") >= 0
      ? "Figures from an analysis of the current graph computed on demand" +
        (a.finished_at ? " (the last run does not cover every platform)." : " (no run yet).")
      : "Figures from the last analysis run, finished " + a.finished_at + ".";
  }

  // ---- search with suggestions (GET /v1/search), keyboard and mouse
  var searchTimer = null, searchSeq = 0, suggestions = [], active = -1;
  home.search = {query: null, results: [], chosen: null};

  function showSuggestions(items) {
    var ul = $("suggestions");
    ul.textContent = "";
    suggestions = items;
    active = -1;
    items.forEach(function (h, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "sugg-" + i;
      li.dataset.id = h.id;
      var name = document.createElement("span");
      name.textContent = (h.name || h.id) + " (" + h.id + ")";
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = h.kind + (h.detail ? " \u00b7 " + h.detail : "") +
        (h.country ? " \u00b7 " + h.country : "") +
        (h.matched !== "name" ? " \u00b7 by " + h.matched : "");
      li.appendChild(name);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(h); });
      ul.appendChild(li);
    });
    ul.hidden = items.length === 0;
    $("search-input").setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  async function runSearch(q) {
    var seq = ++searchSeq;
    home.search.query = q;
    if (!q.trim()) { showSuggestions([]); return; }
    try {
      var r = await api("/v1/search?limit=12&q=" + encodeURIComponent(q));
      if (seq !== searchSeq) { return; }
      home.search.results = r.items;
      showSuggestions(r.items);
    } catch (e) {
      if (e.status === 401) { forget(e.message); }
    }
  }

  function button(parent, text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    parent.appendChild(b);
    parent.appendChild(document.createTextNode(" "));
    return b;
  }

  function link(parent, text, href) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    parent.appendChild(a);
    parent.appendChild(document.createTextNode(" "));
    return a;
  }

  async function choose(h) {
    showSuggestions([]);
    home.search.chosen = h.id;
    $("search-input").value = h.name || h.id;
    var box = $("found");
    box.textContent = "";
    box.hidden = false;
    var head = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = h.name || h.id;
    head.appendChild(strong);
    head.appendChild(document.createTextNode(" \u2014 " + h.id + ", " + h.kind +
      (h.detail ? " (" + h.detail + ")" : "") + (h.country ? ", " + h.country : "")));
    box.appendChild(head);
    var actions = document.createElement("p");
    box.appendChild(actions);
    var label = (h.name || h.id);
    if (h.kind === "organisation") {
      link(actions, "Organisation page", "/pages/organisations/" + encodeURIComponent(h.id));
      button(actions, "Ownership view", function () { openView("ownership", h.id, label); });
    }
    if (h.kind === "item" && h.detail === "platform") {
      link(actions, "Platform page", "/pages/platforms/" + encodeURIComponent(h.id));
      button(actions, "Dependency view", function () { openView("platform", h.id, label); });
    }
    if (h.kind === "item" && h.detail === "material") {
      button(actions, "Material view", function () { openView("material", h.id, label); });
    }
    if (h.kind === "facility") {
      try {
        var f = await api("/v1/facilities/" + encodeURIComponent(h.id));
        if (f.operator) {
          link(actions, "Operator's page",
               "/pages/organisations/" + encodeURIComponent(f.operator));
          button(actions, "Operator's ownership view",
                 function () { openView("ownership", f.operator, f.operator); });
        }
      } catch (e) { /* the facility view is optional */ }
    }
    try {
      var used = await api("/v1/nodes/" + encodeURIComponent(h.id) + "/where-used?limit=1");
      var p = document.createElement("p");
      p.textContent = used.platforms.length
        ? "Used by " + used.platforms.length + " platform(s): "
        : "No platform depends on it.";
      used.platforms.forEach(function (pl) {
        var label = (pl.name || pl.id) + " (" + pl.id + ")";
        button(p, label, function () {
          openView("platform", pl.id, label).then(function () { focusInView(h.id); });
        });
        link(p, "page", "/pages/platforms/" + encodeURIComponent(pl.id) + "?focus=" +
             encodeURIComponent(h.id));
      });
      box.appendChild(p);
    } catch (e) { /* countries without dependants, unknown ids */ }
  }
  home.choose = choose;

  function focusInView(id) {
    var frame = $("view-frame");
    var send = function () {
      frame.contentWindow.postMessage({type: "supplynet.focus", id: id}, "*");
    };
    home.focused = id;
    shareState();
    // The view draws after load; focusing earlier would be lost.
    if (home.viewLoaded) { setTimeout(send, 100); }
    else { frame.addEventListener("load", function () { setTimeout(send, 300); }, {once: true}); }
  }
  home.focusInView = focusInView;

  $("search-input").addEventListener("input", function (ev) {
    clearTimeout(searchTimer);
    var q = ev.target.value;
    searchTimer = setTimeout(function () { runSearch(q); }, 120);
  });
  $("search-input").addEventListener("keydown", function (ev) {
    var items = $("suggestions").children;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!items.length) { return; }
      if (active >= 0) { items[active].setAttribute("aria-selected", "false"); }
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[active].setAttribute("aria-selected", "true");
      $("search-input").setAttribute("aria-activedescendant", items[active].id);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      var pick = suggestions[active >= 0 ? active : 0];
      if (pick) { choose(pick); }
    } else if (ev.key === "Escape") {
      showSuggestions([]);
    }
  });
  $("search-input").addEventListener("blur", function () { showSuggestions([]); });

  function selectedLabel(select) {
    var o = select.options[select.selectedIndex];
    return o ? o.textContent : "";
  }

  function changeLines(doc) {
    var lines = [];
    Object.keys(doc.platforms).forEach(function (pid) {
      var p = doc.platforms[pid];
      p.spof.new.forEach(function (c) {
        lines.push(pid + ": new single point of failure " + c.id + " (" + c.kind + ")"); });
      p.spof.resolved.forEach(function (c) {
        lines.push(pid + ": resolved single point of failure " + c.id); });
      p.adversary.new.forEach(function (c) {
        lines.push(pid + ": new adversary link " + c.id + ": " +
                   c.reasons.map(function (r) { return r.detail; }).join("; ")); });
      p.adversary.cleared.forEach(function (c) {
        lines.push(pid + ": cleared adversary link " + c.id); });
      if (p.feasibility) {
        lines.push(pid + ": adversary-free " + p.feasibility.from + " \u2192 " +
                   p.feasibility.to); }
      p.sole_sources.new.forEach(function (i) { lines.push(pid + ": new sole source " + i); });
      p.concentration.forEach(function (c) {
        lines.push(pid + ": concentration of " + c.item + " changed (concern share " +
                   c.concern_share.from + " \u2192 " + c.concern_share.to + ")"); });
    });
    return lines;
  }

  async function loadChanges() {
    var list = $("changes");
    list.textContent = "";
    home.changes = null;
    try {
      // Ask for a diff only when there are two runs (a 404 would be logged as an error).
      var runs = await api("/v1/runs");
      if (runs.items.length < 2) {
        $("changes-note").textContent = "Fewer than two analysis runs so far.";
        home.changes = [];
        return;
      }
      var doc = await api("/v1/runs/latest/diff");
      var lines = changeLines(doc);
      home.changes = lines;
      // A side that is a load's snapshot says which load it was.
      var side = function (id, meta) {
        return meta && meta.kind === "load" ? id + " (load of " + meta.source + ")" : id;
      };
      var runs = doc.runs || {};
      $("changes-note").textContent = side(doc.from, runs.from) + " \u2192 " +
        side(doc.to, runs.to) + (lines.length ? "" : ": no changes");
      lines.forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      });
    } catch (e) {
      if (e.status === 401 || e.status === 403) { throw e; }
      $("changes-note").textContent = e.status === 404 ?
        "Fewer than two analysis runs so far." : e.message;
    }
  }

  async function load() {
    home.ready = false;
    home.error = null;
    try {
      var results = await Promise.all([
        api("/v1/overview"),
        api("/v1/organisations?limit=1000"),
        api("/v1/items?kind=material&limit=1000")
      ]);
      home.platforms = results[0].platforms.map(function (p) { return p.id; });
      renderPlatforms(results[0]);
      var orgs = $("org-select"), mats = $("material-select");
      orgs.textContent = "";
      mats.textContent = "";
      results[1].items.forEach(function (o) {
        option(orgs, o.id, (o.name || o.id) + " (" + o.id + ")");
      });
      results[2].items.forEach(function (m) {
        option(mats, m.id, (m.name || m.id) + " (" + m.id + ")");
      });
      $("key-section").hidden = true;
      $("app").hidden = false;
      $("forget").hidden = false;
      home.names = {};
      results[0].platforms.forEach(function (p) { home.names[p.id] = p.name; });
      await loadChanges();
      await restoreState();
      home.ready = true;
    } catch (e) {
      home.error = e.message;
      if (e.status === 401 || e.status === 403) { forget(e.message); }
      else { showKeyError(e.message); }
    }
  }

  function showKeyError(text) {
    $("key-error").textContent = text;
    $("key-error").hidden = !text;
  }

  function forget(reason) {
    sessionStorage.removeItem(STORE);
    $("app").hidden = true;
    $("forget").hidden = true;
    $("key-section").hidden = false;
    $("view-frame").srcdoc = "";
    showKeyError(reason || "");
  }

  KINDS.forEach(function (k) {
    var l = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "kind-" + k;
    l.appendChild(box);
    l.appendChild(document.createTextNode(k));
    $("f-kinds").appendChild(l);
  });
  $("f-kinds").insertBefore(document.createTextNode("Only kinds: "), $("f-kinds").firstChild);

  $("view-frame").addEventListener("load", function () {
    if ($("view-frame").srcdoc) { home.views += 1; home.viewLoaded = true; }
  });
  // A changed filter redraws the open view (and so its URL); no view open: the URL only.
  $("filters").addEventListener("change", function () {
    if (home.view && home.view.status === 200) {
      openView(home.view.kind, home.view.id, home.view.label);
    } else { shareState(); }
  });
  $("key-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var value = $("key-input").value.trim();
    $("key-input").value = "";
    if (!value) { showKeyError("Enter an API key."); return; }
    sessionStorage.setItem(STORE, value);
    showKeyError("");
    load();
  });
  $("forget").addEventListener("click", function () { forget(""); });
  $("open-ownership").addEventListener("click", function () {
    var s = $("org-select");
    if (s.value) { openView("ownership", s.value, selectedLabel(s)); }
  });
  $("open-material").addEventListener("click", function () {
    var s = $("material-select");
    if (s.value) { openView("material", s.value, selectedLabel(s)); }
  });
  if (key()) { load(); }
})();
"""

HOME_HTML: Final = page_shell(
    "supplynet", _BODY, _SCRIPT, heading="supplynet", css=_CSS, header=_HEADER
)
