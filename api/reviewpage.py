"""The match review page ``/review``: a static shell, no data and no key.

Built in the page shell every page shares (:func:`api.shell.page_shell`). Like the home
page it takes the API key from ``sessionStorage`` (the home page's key, or one typed
here), fetches ``/v1/matches`` with ``Authorization: Bearer`` and sends accept / reject /
unsure as ``POST /v1/matches/decisions``. Inline script and style only; the
Content-Security-Policy forbids every other origin.
"""

from __future__ import annotations

from typing import Final

from api.shell import page_shell

__all__ = ["REVIEW_HTML"]

_CSS: Final = """
td { vertical-align: top; }
th { background: #f1f4f8; }
.muted { font-size: 12px; }
.proposed { font-weight: 600; }
td button { margin-right: .3rem; }
#error { color: #b00020; }
"""

_BODY: Final = """<section>
<p class="muted">Your records (left) against registry records (right). Nothing is linked
until you accept; accepted pairs carry the registry's ownership and designations to
your supplier in the next analysis.</p>
<form id="keyform">
  <label>API key (editor) <input id="key" type="password" autocomplete="off" size="40"></label>
  <button type="submit">Use key</button>
  <label><input id="undecided" type="checkbox" checked> only undecided</label>
</form>
<p id="error" role="alert"></p>
<p id="summary" class="muted"></p>
</section>
<section>
<table id="pairs">
  <thead><tr><th>score</th><th>your record</th><th>registry record</th><th>evidence</th>
  <th>decision</th></tr></thead>
  <tbody></tbody>
</table>
</section>"""

_SCRIPT: Final = """(function () {
  "use strict";
  var STORE = "supplynet.key";
  var review = window.supplynetReview = {ready: false, rows: 0, error: null};
  var $ = function (id) { return document.getElementById(id); };
  function key() { return sessionStorage.getItem(STORE); }
  async function call(method, path, body) {
    var opts = {method: method, credentials: "omit", cache: "no-store",
                headers: {"Authorization": "Bearer " + key()}};
    if (body) { opts.headers["Content-Type"] = "application/json";
                opts.body = JSON.stringify(body); }
    var r = await fetch(path, opts);
    var doc = null;
    try { doc = await r.json(); } catch (e) { doc = null; }
    if (!r.ok) { throw new Error((doc && doc.detail) || ("HTTP " + r.status)); }
    return doc;
  }
  function text(td, value) { td.textContent = value === null || value === undefined ? "" :
                             String(value); return td; }
  function who(rec) {
    var parts = [rec.name || rec.id, rec.country, rec.lei ? "LEI " + rec.lei : null,
                 rec.dataset].filter(Boolean);
    return parts.join(" \\u00b7 ") + " (" + rec.id + ")";
  }
  function evidence(f) {
    var out = f.identifier ? "shared " + f.identifier :
      "name " + f.name + ", country " + f.country;
    if (f.conflict) { out += "; " + f.conflict; }
    if (f.numbers) { out += "; numbers differ"; }
    return out;
  }
  async function decide(c, decision, cell) {
    try {
      await call("POST", "/v1/matches/decisions",
                 {left: c.left.id, right: c.right.id, decision: decision});
      text(cell, decision);
    } catch (e) { $("error").textContent = e.message; review.error = e.message; }
  }
  async function load() {
    $("error").textContent = "";
    var q = $("undecided").checked ? "?undecided=true" : "";
    try {
      var doc = await call("GET", "/v1/matches" + q);
      var body = $("pairs").tBodies[0];
      body.textContent = "";
      doc.candidates.forEach(function (c) {
        var tr = body.insertRow();
        text(tr.insertCell(), c.score).className = c.proposed ? "proposed" : "";
        text(tr.insertCell(), who(c.left));
        text(tr.insertCell(), who(c.right));
        text(tr.insertCell(), evidence(c.features || {}));
        var cell = tr.insertCell();
        var state = document.createElement("span");
        text(state, c.decision || "");
        cell.appendChild(state);
        [["same", "accept"], ["not_same", "reject"], ["unsure", "unsure"]].forEach(
          function (d) {
            var b = document.createElement("button");
            b.type = "button";
            b.textContent = d[1];
            b.dataset.decision = d[0];
            b.addEventListener("click", function () { decide(c, d[0], state); });
            cell.appendChild(b);
          });
      });
      $("summary").textContent = doc.candidates.length + " pairs; bold = proposed at score >= " +
        doc.threshold;
      review.rows = doc.candidates.length;
      review.ready = true;
    } catch (e) { $("error").textContent = e.message; review.error = e.message; }
  }
  $("keyform").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if ($("key").value) { sessionStorage.setItem(STORE, $("key").value); $("key").value = ""; }
    load();
  });
  $("undecided").addEventListener("change", load);
  if (key()) { load(); }
})();"""

REVIEW_HTML: Final = page_shell(
    "Review matches · supplynet",
    _BODY,
    _SCRIPT,
    heading="Review candidate matches",
    css=_CSS,
)
