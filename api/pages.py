"""The analyst's pages: platform, organisation, adversary links, scenarios, facilities map.

Like the home page (:mod:`api.homepage`), each page is a static shell with no data:
browsers send no bearer token when they navigate, so the shell needs no key, and
its inline script reads ``/v1/...`` with the key the home page keeps in
``sessionStorage`` (same origin). The data stays behind the key; the key is never
put in a URL. Page state (filters, view options, the focused node) lives in the
page's query string, so a URL can be shared. Data is only ever written with
``textContent``. No page loads anything from another origin (the
Content-Security-Policy of :data:`api.html.HOME_CSP` forbids it).

For tests and tools each page sets ``window.supplynetPage``:
``{ready, error, ...}`` plus what the page holds (tables, rows, result).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Final

from api.shell import page_shell
from graphmodel.viz.encoding import ADVERSARY_COLOUR, WATCH_COLOUR

__all__ = ["PAGES", "page_html", "world_map_json"]

#: What the analyst pages add to the shared stylesheet (:data:`api.shell.BASE_CSS`).
_CSS: Final = """
h2 { display: flex; gap: 10px; align-items: center; }
td { vertical-align: top; }
th { cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " \\25B2"; }
th[aria-sort=descending]::after { content: " \\25BC"; }
td.path { font-size: 12px; color: #4a5560; max-width: 520px; }
iframe.view { width: 100%; height: 70vh; border: 1px solid #d8dde3; border-radius: 4px;
  background: #fff; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
@media (max-width: 1100px) { .grid { grid-template-columns: 1fr; } }
svg.map { width: 100%; height: auto; background: #eaf2fb; border: 1px solid #d8dde3;
  overflow: hidden; }
svg.map path { fill: #fbfbf8; stroke: #9aa5b1; stroke-width: .15; }
svg.map path.adversary { fill: #f7c5c5; }
svg.map path.watch { fill: #fde3c4; }
svg.map circle { stroke: #1b1f24; stroke-width: .15; }
"""

# Shared helpers: the key, API calls, references, sortable tables, downloads, views.
_COMMON_JS: Final = """
var STORE = "supplynet.key";
var page = window.supplynetPage = {ready: false, error: null};
var $ = function (id) { return document.getElementById(id); };
function key() { return sessionStorage.getItem(STORE); }
function fail(text) {
  page.error = text;
  var p = $("page-error");
  p.textContent = text;
  p.hidden = false;
}
async function api(path, opts) {
  opts = opts || {};
  var headers = {"Authorization": "Bearer " + key()};
  if (opts.body !== undefined) { headers["Content-Type"] = "application/json"; }
  var r = await fetch(path, {method: opts.method || "GET", headers: headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    credentials: "omit", cache: "no-store"});
  if (!r.ok) {
    var body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    var err = new Error(body && body.detail ? r.status + ": " + body.detail : "HTTP " + r.status);
    err.status = r.status;
    throw err;
  }
  if (opts.blob) { return r.blob(); }
  return opts.text ? r.text() : r.json();
}
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) { e.textContent = String(text); }
  if (cls) { e.className = cls; }
  return e;
}
function refText(r) {
  if (!r) { return ""; }
  return r.name && r.name !== r.id ? r.name + " (" + r.id + ")" : String(r.id);
}
function pathText(p) { return (p || []).map(refText).join(" \\u2192 "); }
function pct(v) { return v === null || v === undefined ? "" : (100 * v).toFixed(1) + "%"; }
function pageLink(r) {
  if (r && r.kind === "organisation") {
    var a = el("a", refText(r));
    a.href = "/pages/organisations/" + encodeURIComponent(r.id);
    return a;
  }
  return el("span", refText(r));
}
function save(name, blob) {
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
async function download(path, name) {
  try { save(name, await api(path, {blob: true})); } catch (e) { fail(e.message); }
}
function csvOf(columns, rows) {
  var q = function (v) {
    var s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\\-@\\t\\r]/.test(s)) { s = "'" + s; }
    return /[",\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  var lines = [columns.map(function (c) { return q(c.label); }).join(",")];
  rows.forEach(function (r) {
    lines.push(columns.map(function (c) { return q(c.text(r)); }).join(","));
  });
  return lines.join("\\n") + "\\n";
}
// A table whose headers sort it (click again to reverse); columns: {label, text(row),
// num?, cell?(row) -> Node}; actions(row, td) adds buttons to a last column.
function sortableTable(holder, columns, rows, actions) {
  holder.textContent = "";
  var table = el("table");
  var thead = el("thead"), tr = el("tr");
  var state = {col: -1, dir: 1};
  columns.forEach(function (c, i) {
    var th = el("th", c.label);
    th.tabIndex = 0;
    th.addEventListener("click", function () {
      state.dir = state.col === i ? -state.dir : 1;
      state.col = i;
      Array.prototype.forEach.call(tr.children, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      var sorted = rows.slice().sort(function (a, b) {
        var x = c.num ? Number(c.value ? c.value(a) : c.text(a)) || 0 : String(c.text(a));
        var y = c.num ? Number(c.value ? c.value(b) : c.text(b)) || 0 : String(c.text(b));
        return (x < y ? -1 : x > y ? 1 : 0) * state.dir;
      });
      fill(sorted);
    });
    tr.appendChild(th);
  });
  if (actions) { tr.appendChild(el("th", "")); }
  thead.appendChild(tr);
  table.appendChild(thead);
  var tbody = el("tbody");
  table.appendChild(tbody);
  function fill(list) {
    tbody.textContent = "";
    list.forEach(function (r) {
      var row = el("tr");
      columns.forEach(function (c) {
        var td = el("td", null, c.num ? "num" : (c.path ? "path" : ""));
        if (c.cell) { td.appendChild(c.cell(r)); } else { td.textContent = c.text(r); }
        row.appendChild(td);
      });
      if (actions) { var td = el("td"); actions(r, td); row.appendChild(td); }
      tbody.appendChild(row);
    });
    if (!list.length) {
      var empty = el("td", "none", "muted");
      empty.colSpan = columns.length + (actions ? 1 : 0);
      var e = el("tr"); e.appendChild(empty); tbody.appendChild(e);
    }
  }
  fill(rows);
  holder.appendChild(table);
  return {table: table, rows: rows, columns: columns};
}
function button(parent, text, onClick) {
  var b = el("button", text);
  b.type = "button";
  b.addEventListener("click", onClick);
  parent.appendChild(b);
  parent.appendChild(document.createTextNode(" "));
  return b;
}
// A graph view in a frame sandboxed without same-origin rights (it cannot read the key).
async function showView(frame, url) {
  var html = await api(url, {text: true});
  page.viewLoaded = false;
  frame.addEventListener("load", function () { page.viewLoaded = true; }, {once: true});
  frame.srcdoc = html;
  page.viewUrl = url;
}
function focusInView(frame, id) {
  page.focused = id;
  var send = function () {
    frame.contentWindow.postMessage({type: "supplynet.focus", id: id}, "*");
  };
  if (page.viewLoaded) { send(); }
  else { frame.addEventListener("load", function () { setTimeout(send, 200); }, {once: true}); }
}
function params() { return new URLSearchParams(location.search); }
function setParams(q) {
  var s = q.toString();
  history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
}
function needKey() {
  if (key()) { return false; }
  fail("No API key in this tab: enter one on the home page first, then come back.");
  var a = el("a", "Go to the home page");
  a.href = "/";
  $("page-error").appendChild(document.createTextNode(" "));
  $("page-error").appendChild(a);
  return true;
}
"""


_KINDS = ["platform", "assembly", "component", "material", "organisation", "facility", "country"]

_PLATFORM_BODY: Final = """
<section>
  <h2>View</h2>
  <form id="view-form">
    <label>Max tier <input id="o-max-tier" type="number" min="0" max="1000"></label>
    <label>Node budget <input id="o-budget" type="number" min="1" max="5000" value="150">
    </label>
    <label>Collapse by <select id="o-collapse"><option value="tier">tier</option>
      <option value="country">country</option></select></label>
    <label><input id="o-adversary" type="checkbox"> adversary-linked only</label>
    <span id="o-kinds">Only kinds: </span>
    <button type="submit">Apply</button>
    <button type="button" id="copy-link">Copy link to this view</button>
  </form>
  <p class="muted">The link holds the filters and the focused node, never the key.</p>
  <iframe id="view" class="view" title="platform view" sandbox="allow-scripts allow-downloads"
    referrerpolicy="no-referrer"></iframe>
</section>
<section><h2>Exports</h2>
  <button type="button" id="xlsx">All findings as XLSX</button>
</section>
<div id="tables"></div>
"""

_PLATFORM_JS: Final = """
var pid = decodeURIComponent(location.pathname.split("/").pop());
page.platform = pid;
page.tables = {};
var KINDS = @@KINDS@@;
KINDS.forEach(function (k) {
  var l = el("label"), box = el("input");
  box.type = "checkbox"; box.id = "kind-" + k; box.value = k;
  l.appendChild(box); l.appendChild(document.createTextNode(k));
  $("o-kinds").appendChild(l);
});
function readForm() {
  var q = new URLSearchParams();
  if ($("o-max-tier").value !== "") { q.set("max_tier", $("o-max-tier").value); }
  q.set("node_budget", $("o-budget").value || "150");
  q.set("collapse_by", $("o-collapse").value);
  if ($("o-adversary").checked) { q.set("adversary_only", "true"); }
  KINDS.forEach(function (k) { if ($("kind-" + k).checked) { q.append("kinds", k); } });
  return q;
}
function writeForm(q) {
  $("o-max-tier").value = q.get("max_tier") || "";
  $("o-budget").value = q.get("node_budget") || "150";
  $("o-collapse").value = q.get("collapse_by") || "tier";
  $("o-adversary").checked = q.get("adversary_only") === "true";
  var kinds = q.getAll("kinds");
  KINDS.forEach(function (k) { $("kind-" + k).checked = kinds.indexOf(k) >= 0; });
}
async function loadView() {
  var q = readForm();
  var shared = new URLSearchParams(q);
  if (page.focused) { shared.set("focus", page.focused); }
  setParams(shared);
  await showView($("view"), "/v1/platforms/" + encodeURIComponent(pid) + "/graph.html?" + q);
  if (page.focused) { focusInView($("view"), page.focused); }
}
function focus(id) {
  focusInView($("view"), id);
  var q = params(); q.set("focus", id); setParams(q);
  $("view").scrollIntoView({block: "center"});
}
var TABLES = [
  ["spof", "Single points of failure", [
    {label: "Order", num: true, text: function (r) { return r.order; }},
    {label: "Node(s)", text: function (r) { return r.nodes.map(refText).join(" + "); }},
    {label: "Item", text: function (r) { return refText(r.item); }},
    {label: "Why", text: function (r) { return r.reason; }},
    {label: "Evidence path", path: true, text: function (r) { return pathText(r.path); }}],
    function (r) { return r.nodes[0] && r.nodes[0].id; }],
  ["sole_source", "Sole-source items", [
    {label: "Item", text: function (r) { return refText(r.item); }},
    {label: "Supplier", cell: function (r) { return pageLink(r.supplier); },
     text: function (r) { return refText(r.supplier); }},
    {label: "Facility", text: function (r) { return refText(r.facility); }},
    {label: "Country", text: function (r) { return refText(r.country); }},
    {label: "Evidence path", path: true, text: function (r) { return pathText(r.path); }}],
    function (r) { return r.item.id; }],
  ["data_gaps", "Data gaps", [
    {label: "Item", text: function (r) { return refText(r.item); }},
    {label: "Missing", text: function (r) { return r.missing; }},
    {label: "What to do", text: function (r) { return r.detail; }},
    {label: "Path", path: true, text: function (r) { return pathText(r.path); }}],
    function (r) { return r.item.id; }],
  ["adversary_links", "Adversary links", [
    {label: "Node", cell: function (r) { return pageLink(r.node); },
     text: function (r) { return refText(r.node); }},
    {label: "Tier", num: true, text: function (r) { return r.tier; }},
    {label: "Reasons", text: function (r) { return r.reason_kinds.join(", "); }},
    {label: "Why", text: function (r) {
      return r.reasons.map(function (x) { return x.text; }).join(" "); }},
    {label: "Evidence path", path: true, text: function (r) { return pathText(r.path); }}],
    function (r) { return r.node.id; }],
  ["blocking", "Blocking an adversary-free build", [
    {label: "Item", text: function (r) { return refText(r.item); }},
    {label: "Tier", num: true, text: function (r) { return r.tier; }},
    {label: "Only linked sources", text: function (r) {
      return r.linked_sources.map(function (s) { return refText(s.organisation); }).join(", ");
    }},
    {label: "Allied candidates", text: function (r) {
      return r.allied_candidates.map(function (s) { return refText(s.organisation); })
        .join(", ");
    }},
    {label: "Evidence path", path: true, text: function (r) { return pathText(r.path); }}],
    function (r) { return r.item.id; }],
  ["concentration", "Concentration", [
    {label: "Item", text: function (r) { return refText(r.item); }},
    {label: "Sources", num: true, text: function (r) { return r.sources; }},
    {label: "Country HHI", num: true, text: function (r) { return r.country_hhi; }},
    {label: "Top country", text: function (r) {
      return refText(r.top_country) + " " + pct(r.top_country_share); }},
    {label: "From countries of concern", num: true, value: function (r) {
      return r.concern_share; }, text: function (r) { return pct(r.concern_share); }},
    {label: "From adversary-owned suppliers", num: true, value: function (r) {
      return r.adversary_owned_share; },
     text: function (r) { return pct(r.adversary_owned_share); }},
    {label: "Owned via", text: function (r) { return r.owned_by.map(refText).join(", "); }}],
    function (r) { return r.item.id; }]
];
async function load() {
  if (needKey()) { return; }
  writeForm(params());
  page.focused = params().get("focus");
  try {
    var f = await api("/v1/platforms/" + encodeURIComponent(pid) + "/findings");
    $("page-title").textContent = "Platform: " + refText(f.platform);
    document.title = refText(f.platform) + " \\u00b7 supplynet";
    TABLES.forEach(function (spec) {
      var name = spec[0], rows = f.tables[name] || [];
      var sec = el("section");
      sec.id = "table-" + name;
      var h = el("h2", spec[1] + " (" + rows.length + ")");
      button(h, "CSV", function () {
        download("/v1/platforms/" + encodeURIComponent(pid) + "/findings/" + name + ".csv",
                 pid + "-" + name + ".csv");
      }).className = "csv";
      sec.appendChild(h);
      var holder = el("div");
      sec.appendChild(holder);
      $("tables").appendChild(sec);
      page.tables[name] = sortableTable(holder, spec[2], rows, function (r, td) {
        var id = spec[3](r);
        if (id) { button(td, "Focus", function () { focus(id); }).className = "focus"; }
      });
    });
    await loadView();
    page.ready = true;
  } catch (e) { fail(e.message); }
}
$("view-form").addEventListener("submit", function (ev) { ev.preventDefault(); loadView(); });
$("copy-link").addEventListener("click", function () {
  if (navigator.clipboard) { navigator.clipboard.writeText(location.href); }
  page.sharedUrl = location.href;
});
$("xlsx").addEventListener("click", function () {
  download("/v1/platforms/" + encodeURIComponent(pid) + "/findings.xlsx", pid + "-findings.xlsx");
});
load();
""".replace("@@KINDS@@", json.dumps(_KINDS))

_ORG_BODY: Final = """
<section id="facts"><h2>Organisation</h2><div id="facts-body"></div></section>
<section><h2>Why it is flagged</h2><ul id="reasons"></ul></section>
<div class="grid">
  <section><h2>Owners, up to the ultimate ones</h2><div id="owners"></div></section>
  <section><h2>Subsidiaries</h2><div id="subsidiaries"></div></section>
</div>
<section><h2>What it supplies</h2><div id="supplies"></div></section>
<section><h2>Ownership view</h2>
  <iframe id="view" class="view" title="ownership view" sandbox="allow-scripts allow-downloads"
    referrerpolicy="no-referrer"></iframe></section>
"""

_ORG_JS: Final = """
var oid = decodeURIComponent(location.pathname.split("/").pop());
page.organisation = oid;
function fact(parent, label, value) {
  if (value === null || value === undefined || value === "") { return; }
  var p = el("p");
  p.appendChild(el("strong", label + ": "));
  p.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
  parent.appendChild(p);
}
async function load() {
  if (needKey()) { return; }
  try {
    var p = await api("/v1/organisations/" + encodeURIComponent(oid) + "/profile");
    page.profile = p;
    $("page-title").textContent = "Organisation: " + refText(p);
    document.title = refText(p) + " \\u00b7 supplynet";
    var f = $("facts-body");
    fact(f, "Kind", p.organisation_kind);
    fact(f, "Registered in", refText(p.country));
    fact(f, "LEI", p.lei);
    fact(f, "CAGE", p.cage);
    var flag = el("span", p.adversary_linked ? "yes" : "no", p.adversary_linked ? "bad" : "");
    fact(f, "Adversary-linked", flag);
    fact(f, "Designations", p.designations.map(function (d) {
      return d.list + (d.listed_on ? " since " + d.listed_on : "") +
        (d.reason ? " (" + d.reason + ")" : "");
    }).join("; "));
    fact(f, "Facilities operated", p.facilities.map(refText).join(", "));
    var used = el("span");
    p.platforms.forEach(function (pl) {
      var a = el("a", refText(pl));
      a.href = "/pages/platforms/" + encodeURIComponent(pl.id) + "?focus=" +
        encodeURIComponent(oid);
      used.appendChild(a);
      used.appendChild(document.createTextNode(" "));
    });
    fact(f, "Used by platforms", p.platforms.length ? used : "none");
    var ul = $("reasons");
    p.reasons.forEach(function (r) {
      var li = el("li", r.text);
      if (r.path && r.path.length) {
        li.appendChild(el("div", "Path: " + pathText(r.path), "muted"));
      }
      ul.appendChild(li);
    });
    if (!p.reasons.length) { ul.appendChild(el("li", "No adversary-link reason.", "muted")); }
    var own = p.ownership;
    page.tables = {
      owners: sortableTable($("owners"), [
        {label: "Owner", cell: function (r) { return pageLink(r.node); },
         text: function (r) { return refText(r.node); }},
        {label: "Country", text: function (r) { return r.country || ""; }},
        {label: "Steps up", num: true, text: function (r) { return r.distance; }},
        {label: "Look-through stake", num: true, value: function (r) { return r.stake; },
         text: function (r) { return pct(r.stake); }},
        {label: "Ultimate", text: function (r) { return r.ultimate ? "yes" : ""; }},
        {label: "Adversary-linked", text: function (r) { return r.adversary_linked ? "yes" : ""; }}
      ], own.owners),
      subsidiaries: sortableTable($("subsidiaries"), [
        {label: "Subsidiary", cell: function (r) { return pageLink(r.node); },
         text: function (r) { return refText(r.node); }},
        {label: "Country", text: function (r) { return r.country || ""; }},
        {label: "Steps down", num: true, text: function (r) { return r.distance; }},
        {label: "Stake held", num: true, value: function (r) { return r.stake; },
         text: function (r) { return pct(r.stake); }},
        {label: "Adversary-linked", text: function (r) { return r.adversary_linked ? "yes" : ""; }}
      ], own.subsidiaries),
      supplies: sortableTable($("supplies"), [
        {label: "Item", text: function (r) { return refText(r.item); }},
        {label: "Facility", text: function (r) { return refText(r.facility); }},
        {label: "Share", num: true, value: function (r) { return r.share; },
         text: function (r) { return pct(r.share); }},
        {label: "Qualified", text: function (r) { return r.qualified ? "yes" : "no"; }},
        {label: "Platforms", text: function (r) { return r.platforms.map(refText).join(", "); }}
      ], p.supplies)
    };
    await showView($("view"), "/v1/organisations/" + encodeURIComponent(oid) +
      "/ownership/graph.html");
    page.ready = true;
  } catch (e) { fail(e.message); }
}
load();
"""

_LINKS_BODY: Final = """
<section><h2>Filters</h2>
  <form id="filters">
    <label>Platform <select id="f-platform"><option value="">any</option></select></label>
    <label>Reason <select id="f-reason"><option value="">any</option>
      <option>registration</option><option>location</option><option>government</option>
      <option>designation</option><option>ofac_50</option><option>lookthrough</option>
      <option>control_edge</option></select></label>
    <label>Country <input id="f-country" size="3" maxlength="2" placeholder="CN"></label>
    <label>List <input id="f-list" size="16" placeholder="US-DOD-1260H"></label>
    <button type="submit">Apply</button>
  </form>
</section>
<section><h2 id="count">Adversary-linked nodes</h2><div id="results"></div></section>
"""

_LINKS_JS: Final = """
var FIELDS = [["platform", "f-platform"], ["reason", "f-reason"], ["country", "f-country"],
              ["list", "f-list"]];
function csvButton(columns, rows) {
  var h = $("count");
  var old = h.querySelector("button");
  if (old) { old.remove(); }
  button(h, "CSV", function () {
    save("adversary-links.csv", new Blob([csvOf(columns, rows)], {type: "text/csv"}));
  }).className = "csv";
}
async function run() {
  var q = new URLSearchParams();
  FIELDS.forEach(function (f) {
    var v = $(f[1]).value.trim();
    if (v) { q.set(f[0], f[0] === "country" ? v.toUpperCase() : v); }
  });
  setParams(q);
  q.set("limit", "1000");
  try {
    var r = await api("/v1/adversary-links?" + q);
    page.rows = r.items;
    $("count").textContent = "Adversary-linked nodes (" + r.total + ")";
    var columns = [
      {label: "Node", cell: function (x) { return pageLink(x); },
       text: function (x) { return refText(x); }},
      {label: "Kind", text: function (x) { return x.kind || ""; }},
      {label: "Country", text: function (x) { return refText(x.country); }},
      {label: "Reasons", text: function (x) {
        return x.reasons.map(function (y) { return y.kind; }).join(", "); }},
      {label: "Why", text: function (x) {
        return x.reasons.map(function (y) { return y.text; }).join(" "); }}
    ];
    page.table = sortableTable($("results"), columns, r.items);
    csvButton(columns, r.items);
    page.ready = true;
  } catch (e) { fail(e.message); }
}
async function load() {
  if (needKey()) { return; }
  try {
    var plats = await api("/v1/platforms?limit=1000");
    plats.items.forEach(function (p) {
      var o = el("option", refText(p)); o.value = p.id; $("f-platform").appendChild(o);
    });
  } catch (e) { fail(e.message); return; }
  var q = params();
  FIELDS.forEach(function (f) { $(f[1]).value = q.get(f[0]) || ""; });
  run();
}
$("filters").addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
load();
"""

_SCENARIO_BODY: Final = """
<div class="grid">
<section><h2>Preset</h2>
  <form id="preset-form">
    <label>Preset <select id="preset"></select></label>
    <button type="submit" id="run-preset">Run preset</button>
  </form>
  <p id="preset-text" class="muted"></p><ul id="preset-sources" class="muted"></ul>
</section>
<section><h2>Build a removal</h2>
  <form id="custom-form">
    <label>Countries <input id="c-countries" placeholder="CN, or CN:mat-gallium"></label>
    <label>Organisations <input id="c-orgs" placeholder="o-ga-cn1, ..."></label>
    <label>Facilities <input id="c-facilities"></label>
    <label>Items <input id="c-items"></label>
    <label><input id="c-adversary" type="checkbox"> every adversary-linked node</label>
    <button type="submit" id="run-custom">Run</button>
  </form>
</section>
</div>
<section id="result-section" hidden><h2 id="result-title">Result</h2>
  <p id="summary"></p>
  <form id="save-form"><label>Save as <input id="save-name" maxlength="100"></label>
    <button type="submit">Save (editor)</button><span id="save-note" class="muted"></span>
  </form>
  <h2>Platforms lost</h2><ul id="platforms-lost"></ul>
  <h2>Platforms</h2><div id="platforms"></div>
  <h2>Items lost</h2><div id="items"></div>
  <h2>Degraded items</h2><div id="degraded"></div>
  <h2>Bottlenecks (volume)</h2><div id="bottlenecks"></div>
  <h2>Mitigations</h2><ol id="mitigations"></ol>
</section>
<section><h2>Saved scenarios</h2><div id="saved"></div></section>
"""

_SCENARIO_JS: Final = """
var presets = [];
function ids(v) { return v.split(",").map(function (s) { return s.trim(); })
  .filter(function (s) { return s; }); }
function countries(v) {
  return ids(v).map(function (c) {
    var parts = c.split(":");
    return {code: parts[0].toUpperCase(), items: parts[1] ? parts[1].split("+") : null};
  });
}
async function runSpec(spec) {
  try {
    var r = await api("/v1/scenarios", {method: "POST", body: spec});
    page.result = r;
    page.spec = spec;
    show(r);
  } catch (e) { fail(e.message); }
}
function show(r) {
  $("result-section").hidden = false;
  var s = r.summary;
  $("result-title").textContent = "Result: " + (r.scenario.name || "scenario");
  $("summary").textContent = s.platforms_lost + " of " + s.platforms + " platforms lost, " +
    s.platforms_at_risk + " at risk, " + s.items_lost + " items lost (" + s.root_causes +
    " root causes).";
  $("save-name").value = r.scenario.name && r.scenario.name !== "ad-hoc" ? r.scenario.name : "";
  var lost = $("platforms-lost");
  lost.textContent = "";
  (r.platforms_lost || []).forEach(function (p) { lost.appendChild(el("li", refText(p))); });
  if (!lost.childNodes.length) { lost.appendChild(el("li", "none")); }
  sortableTable($("platforms"), [
    {label: "Platform", text: function (p) { return refText(p.platform); }},
    {label: "Survive (days)", num: true, text: function (p) { return p.time_to_survive_days; }},
    {label: "Recover (days)", num: true, text: function (p) { return p.time_to_recover_days; }},
    {label: "At risk", text: function (p) { return p.at_risk ? "yes" : "no"; }},
    {label: "Root causes", text: function (p) {
      return (p.root_causes || []).map(refText).join(", "); }}
  ], r.platforms);
  sortableTable($("items"), [
    {label: "Item", text: function (i) { return refText(i.item); }},
    {label: "Why", text: function (i) { return i.reason || i.cause || ""; }},
    {label: "Sources lost", text: function (i) {
      return (i.lost_sources || []).map(function (x) { return refText(x.organisation); })
        .join(", "); }}
  ], r.items_lost);
  sortableTable($("degraded"), [
    {label: "Item", text: function (i) { return refText(i.item); }},
    {label: "Qualified sources lost", num: true,
     text: function (i) { return i.qualified_sources_lost; }},
    {label: "Left", text: function (i) {
      return (i.remaining_sources || []).map(function (x) {
        return refText(x.organisation) + " in " + refText(x.country); }).join("; "); }}
  ], r.degraded_items || []);
  var vol = r.volume || {};
  var necks = ((vol.bottlenecks || {}).survive || {}).items || [];
  sortableTable($("bottlenecks"), [
    {label: "Item", text: function (b) { return refText(b.item); }},
    {label: "Days gained per 1% more", num: true,
     text: function (b) { return b.gain_per_percent; }}
  ], necks);
  var ol = $("mitigations");
  ol.textContent = "";
  (r.mitigations || []).slice(0, 15).forEach(function (m) {
    (m.options || []).slice(0, 3).forEach(function (o) {
      var who = o.organisation ? refText(o.organisation) + ": " : "";
      ol.appendChild(el("li", refText(m.item) + " \u2190 " + who +
        (o.explanation || o.kind)));
    });
  });
  (vol.mitigations || []).slice(0, 5).forEach(function (m) {
    ol.appendChild(el("li", refText(m.item) + ": " + m.explanation));
  });
  page.ready = true;
}
async function loadSaved() {
  try {
    var rows = await api("/v1/scenarios/saved");
    page.saved = rows.map(function (r) { return r.name; });
    sortableTable($("saved"), [
      {label: "Name", text: function (r) { return r.name; }},
      {label: "Description", text: function (r) { return r.description || ""; }},
      {label: "Saved", text: function (r) { return r.updated_at || r.created_at || ""; }}
    ], rows, function (r, td) {
      button(td, "Run", function () { runSpec(r.spec); });
    });
  } catch (e) { fail(e.message); }
}
async function load() {
  if (needKey()) { return; }
  try {
    presets = await api("/v1/scenarios/presets");
    presets.forEach(function (p, i) {
      var o = el("option", p.name); o.value = String(i); $("preset").appendChild(o);
    });
    describe();
    page.presets = presets.map(function (p) { return p.name; });
    await loadSaved();
    page.loaded = true;
  } catch (e) { fail(e.message); }
}
function describe() {
  var p = presets[Number($("preset").value)];
  if (!p) { return; }
  $("preset-text").textContent = p.description;
  $("preset-sources").textContent = "";
  p.sources.forEach(function (s) { $("preset-sources").appendChild(el("li", s)); });
}
$("preset").addEventListener("change", describe);
$("preset-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  var p = presets[Number($("preset").value)];
  if (p) { runSpec(p.spec); }
});
$("custom-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  runSpec({name: "ad-hoc", countries: countries($("c-countries").value),
    organisations: ids($("c-orgs").value), facilities: ids($("c-facilities").value),
    items: ids($("c-items").value), adversary_policy: $("c-adversary").checked});
});
$("save-form").addEventListener("submit", async function (ev) {
  ev.preventDefault();
  var name = $("save-name").value.trim();
  if (!name || !page.spec) {
    $("save-note").textContent = "Run a scenario and name it first.";
    return;
  }
  try {
    await api("/v1/scenarios/saved/" + encodeURIComponent(name),
              {method: "PUT", body: Object.assign({}, page.spec, {name: name})});
    $("save-note").textContent = "Saved as " + name + ".";
    await loadSaved();
  } catch (e) { $("save-note").textContent = e.message; }
});
load();
"""

_MAP_BODY: Final = """
<section><h2>Facilities by country</h2>
  <p class="muted">Red: adversary-linked facility or a country of concern (adversary);
    amber: watch; blue: other facilities. Map: Natural Earth 1:110m (public domain).</p>
  <div id="map-holder"><svg id="ns-probe" hidden></svg></div>
</section>
<section><h2>Facilities per country</h2><div id="per-country"></div></section>
"""

_MAP_JS: Final = """
var ADV = @@ADV@@, WATCH = @@WATCH@@, OTHER = "#1f77b4";
// The SVG namespace, read off an inline <svg> (the page names no URL at all).
var NS = $("ns-probe").namespaceURI;
async function all(path) {
  var out = [], offset = 0;
  for (;;) {
    var r = await api(path + (path.indexOf("?") < 0 ? "?" : "&") + "limit=1000&offset=" + offset);
    out = out.concat(r.items);
    offset += r.items.length;
    if (!r.items.length || offset >= r.total) { return out; }
  }
}
async function load() {
  if (needKey()) { return; }
  try {
    var res = await Promise.all([api("/pages/assets/world-110m.json"), all("/v1/facilities"),
      all("/v1/countries"), all("/v1/adversary-links")]);
    var world = res[0], facilities = res[1], countryList = res[2];
    var linked = {};
    res[3].forEach(function (x) { linked[x.id] = true; });
    var concern = {}, names = {};
    countryList.forEach(function (c) { concern[c.id] = c.concern; names[c.id] = c.name; });
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", world.viewBox);
    svg.setAttribute("class", "map");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Facilities by country");
    Object.keys(world.countries).forEach(function (code) {
      var p = document.createElementNS(NS, "path");
      p.setAttribute("d", world.countries[code].d);
      p.dataset.country = code;
      if (concern[code] === "adversary") { p.setAttribute("class", "adversary"); }
      else if (concern[code] === "watch") { p.setAttribute("class", "watch"); }
      var t = document.createElementNS(NS, "title");
      t.textContent = (names[code] || world.countries[code].name) + " (" + code + ")";
      p.appendChild(t);
      svg.appendChild(p);
    });
    var per = {}, drawn = 0;
    facilities.forEach(function (f) {
      var pr = f.properties || {};
      var c = f.country || pr.country || "?";
      per[c] = per[c] || {country: c, facilities: 0, linked: 0};
      per[c].facilities += 1;
      if (linked[f.id]) { per[c].linked += 1; }
      if (typeof pr.lat !== "number" || typeof pr.lon !== "number") { return; }
      var dot = document.createElementNS(NS, "circle");
      dot.setAttribute("cx", String(pr.lon + 180));
      dot.setAttribute("cy", String(90 - pr.lat));
      dot.setAttribute("r", "1.2");
      dot.setAttribute("fill", linked[f.id] ? ADV : (concern[c] === "watch" ? WATCH : OTHER));
      dot.dataset.facility = f.id;
      var t = document.createElementNS(NS, "title");
      t.textContent = (f.name || f.id) + " (" + f.id + "), " + c +
        (linked[f.id] ? ": adversary-linked" : "");
      dot.appendChild(t);
      svg.appendChild(dot);
      drawn += 1;
    });
    $("map-holder").appendChild(svg);
    page.facilities = facilities.length;
    page.dots = drawn;
    var rows = Object.keys(per).map(function (k) { return per[k]; });
    rows.sort(function (a, b) { return b.facilities - a.facilities; });
    page.table = sortableTable($("per-country"), [
      {label: "Country", text: function (r) { return (names[r.country] || r.country) +
        " (" + r.country + ")"; }},
      {label: "Concern", text: function (r) { return concern[r.country] || ""; }},
      {label: "Facilities", num: true, text: function (r) { return r.facilities; }},
      {label: "Adversary-linked", num: true, text: function (r) { return r.linked; }}
    ], rows);
    page.ready = true;
  } catch (e) { fail(e.message); }
}
load();
""".replace("@@ADV@@", json.dumps(ADVERSARY_COLOUR)).replace("@@WATCH@@", json.dumps(WATCH_COLOUR))

#: page name -> (title, body, script)
PAGES: Final = {
    "platform": ("Platform", _PLATFORM_BODY, _PLATFORM_JS),
    "organisation": ("Organisation", _ORG_BODY, _ORG_JS),
    "adversary-links": ("Adversary links", _LINKS_BODY, _LINKS_JS),
    "scenarios": ("Scenarios", _SCENARIO_BODY, _SCENARIO_JS),
    "map": ("Facilities map", _MAP_BODY, _MAP_JS),
}


@cache
def page_html(name: str) -> str:
    """The static shell of one page (no data; the same bytes for every id)."""
    title, body, script = PAGES[name]
    return page_shell(
        f"{title} · supplynet",
        f'<p id="page-error" class="error" hidden></p>\n{body}',
        f'(function () {{\n"use strict";\n{_COMMON_JS}\n{script}\n}})();',
        heading=title,
        css=_CSS,
    )


@cache
def world_map_json() -> bytes:
    """The bundled Natural Earth 1:110m country shapes (see graphmodel/data/map/README.md)."""
    return (resources.files("graphmodel") / "data" / "map" / "world-110m.json").read_bytes()
