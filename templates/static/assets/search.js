// spex search: queries the index in search-index.js (window.SPEX_SEARCH), built by
// `spex build`. Terms match by prefix; every term must match; titles and IDs rank first.
"use strict";

(function () {
  var index = window.SPEX_SEARCH;
  var input = document.getElementById("spex-search-input");
  var status = document.getElementById("spex-search-status");
  var results = document.getElementById("spex-search-results");
  if (!index || !input || !results) return;
  var terms = Object.keys(index.terms).sort();
  var STOP = "a an and are as at be but by for from has have if in into is it its not of on or our so that the their then there these this to was we were will with you your".split(" ");

  function decode(postings) {
    var docs = [], current = 0;
    postings.split(",").forEach(function (gap, i) {
      current = i === 0 ? parseInt(gap, 36) : current + parseInt(gap, 36);
      docs.push(current);
    });
    return docs;
  }

  function tokens(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) {
      return t.length >= 2 && STOP.indexOf(t) === -1;
    });
  }

  // First index of a term >= prefix (terms are sorted).
  function lowerBound(prefix) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function docsMatching(word) {
    var found = new Set();
    for (var i = lowerBound(word); i < terms.length && terms[i].indexOf(word) === 0; i++) {
      decode(index.terms[terms[i]]).forEach(function (d) { found.add(d); });
    }
    return found;
  }

  function search(query) {
    var words = tokens(query);
    if (!words.length) return [];
    var matches = null;
    words.forEach(function (word) {
      var docs = docsMatching(word);
      matches = matches === null ? docs : new Set(Array.from(matches).filter(function (d) { return docs.has(d); }));
    });
    return Array.from(matches).map(function (d) {
      var doc = index.docs[d], title = doc[1].toLowerCase(), id = doc[0].toLowerCase();
      var score = 0;
      words.forEach(function (w) {
        if (id.indexOf(w) !== -1) score += 20;
        if (title.indexOf(w) !== -1) score += 5;
      });
      return { doc: doc, score: score };
    }).sort(function (a, b) {
      return b.score - a.score || a.doc[0].localeCompare(b.doc[0], undefined, { numeric: true });
    });
  }

  function render(query) {
    results.textContent = "";
    var found = search(query);
    status.textContent = query.trim() ? found.length + (found.length === 1 ? " result" : " results") + " for “" + query + "”" : "";
    found.slice(0, 100).forEach(function (hit) {
      var doc = hit.doc;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "result-title";
      a.href = doc[2];
      a.textContent = doc[0] ? doc[0] + " · " + doc[1] : doc[1];
      li.appendChild(a);
      if (doc[4]) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = doc[4];
        li.appendChild(document.createTextNode(" "));
        li.appendChild(badge);
      }
      var p = document.createElement("p");
      p.textContent = doc[5];
      li.appendChild(p);
      results.appendChild(li);
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  render(initial);
  input.addEventListener("input", function () {
    render(input.value);
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
  });
})();
