// spex site enhancements: sortable and filterable tables. Every page works without this.
"use strict";

(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var explicit = cell.getAttribute("data-value");
    return (explicit !== null ? explicit : cell.textContent).trim();
  }

  // Compares "PRD-2" before "PRD-10".
  function naturalCompare(a, b) {
    var ax = a.toLowerCase().match(/(\d+|\D+)/g) || [];
    var bx = b.toLowerCase().match(/(\d+|\D+)/g) || [];
    for (var i = 0; i < Math.min(ax.length, bx.length); i++) {
      var an = /^\d/.test(ax[i]), bn = /^\d/.test(bx[i]);
      if (an && bn && Number(ax[i]) !== Number(bx[i])) return Number(ax[i]) - Number(bx[i]);
      if (ax[i] !== bx[i]) return ax[i] < bx[i] ? -1 : 1;
    }
    return ax.length - bx.length;
  }

  function compare(kind, a, b) {
    if (kind === "number") {
      var an = parseFloat(a), bn = parseFloat(b);
      if (isNaN(an)) an = -Infinity;
      if (isNaN(bn)) bn = -Infinity;
      return an - bn;
    }
    if (kind === "natural") return naturalCompare(a, b);
    return a.localeCompare(b);
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th[data-sort]");
    headers.forEach(function (th, index) {
      th.tabIndex = 0;
      th.setAttribute("role", "columnheader");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var kind = th.getAttribute("data-sort");
        rows.sort(function (r1, r2) {
          var result = compare(kind, cellValue(r1, index), cellValue(r2, index));
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function makeFilterable(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) return;
    var tools = input.closest(".table-tools");
    if (tools) tools.hidden = false;
    var counter = tools && tools.querySelector("[data-filter-count]");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0, rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var text = rows[i].textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        rows[i].hidden = !match;
        if (match) shown++;
      }
      if (counter) counter.textContent = words.length ? shown + " of " + rows.length + " shown" : "";
    });
  }

  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  document.querySelectorAll("input[data-filter]").forEach(makeFilterable);
})();
