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
        var current = th.getAttribute("aria-sort");
        // Numbers (scores, progress) are most useful biggest first.
        var ascending = current ? current !== "ascending" : th.getAttribute("data-sort") !== "number";
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
        if (table.spexRegroup) table.spexRegroup();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  // "tomas" finds "Tomás": compare without case or accents.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The text filter, the facet selects and the grouping of one table, applied together.
  function makeFilterable(table) {
    var tools = document.querySelector('.table-tools[data-for="' + table.id + '"]');
    if (!tools) return;
    tools.hidden = false;
    var input = tools.querySelector("input[data-filter]");
    var facets = Array.prototype.slice.call(tools.querySelectorAll("select[data-facet]"));
    var groupBy = tools.querySelector("select[data-group-by]");
    var counter = tools.querySelector("[data-filter-count]");
    var body = table.tBodies[0];
    var columns = table.tHead ? table.tHead.rows[0].cells.length : 1;

    function dataRows() {
      return Array.prototype.slice.call(body.rows).filter(function (r) { return !r.classList.contains("group-row"); });
    }

    function regroup() {
      Array.prototype.slice.call(body.querySelectorAll("tr.group-row")).forEach(function (r) { r.remove(); });
      var key = groupBy && groupBy.value;
      if (!key) return;
      var rows = dataRows(), groups = {}, order = [];
      rows.forEach(function (row) {
        var value = row.getAttribute("data-" + key) || "None";
        if (!groups[value]) { groups[value] = []; order.push(value); }
        groups[value].push(row);
      });
      // A facet's options are in the order the site chose (statuses by lifecycle): keep it.
      var facet = tools.querySelector('select[data-facet="' + key + '"]'), rank = {};
      if (facet) Array.prototype.forEach.call(facet.options, function (o, i) { rank[o.value] = i; });
      order.sort(function (a, b) {
        if (a === "None" || b === "None") return a === "None" ? (b === "None" ? 0 : 1) : -1;
        if (a in rank && b in rank) return rank[a] - rank[b];
        return a.localeCompare(b);
      });
      order.forEach(function (value) {
        var shown = groups[value].filter(function (r) { return !r.hidden; }).length;
        var head = document.createElement("tr");
        head.className = "group-row";
        head.hidden = shown === 0;
        var th = document.createElement("th");
        th.colSpan = columns;
        th.scope = "colgroup";
        th.textContent = value + " (" + shown + ")";
        head.appendChild(th);
        body.appendChild(head);
        groups[value].forEach(function (row) { body.appendChild(row); });
      });
    }

    function apply() {
      var words = input ? fold(input.value).split(/\s+/).filter(Boolean) : [];
      var chosen = facets.filter(function (f) { return f.value; });
      var rows = dataRows(), shown = 0;
      rows.forEach(function (row) {
        var text = fold(row.textContent);
        var match = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
          chosen.every(function (f) { return row.getAttribute("data-" + f.getAttribute("data-facet")) === f.value; });
        row.hidden = !match;
        if (match) shown++;
      });
      regroup();
      if (counter) counter.textContent = words.length || chosen.length ? shown + " of " + rows.length + " shown" : "";
    }

    table.spexRegroup = regroup;
    if (input) input.addEventListener("input", apply);
    facets.forEach(function (f) { f.addEventListener("change", apply); });
    if (groupBy) groupBy.addEventListener("change", apply);
  }

  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  document.querySelectorAll("table[data-sortable][id]").forEach(makeFilterable);

  // The graph: focus on a document (its ancestors and descendants), a kind, or an
  // objective's part of the graph. Without this script the whole graph shows.
  document.querySelectorAll("[data-graph-tools]").forEach(function (tools) {
    var svg = document.querySelector("svg.graph");
    if (!svg) return;
    tools.hidden = false;
    var nodes = Array.prototype.slice.call(svg.querySelectorAll("[data-node]"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll("[data-from]"));
    var focusBox = tools.querySelector("[data-graph-focus]");
    var kind = tools.querySelector("[data-graph-kind]");
    var objective = tools.querySelector("[data-graph-objective]");
    // Everything reachable from `start` following edges one way (up) and the other (down).
    function related(start) {
      var keep = {};
      keep[start] = true;
      [["data-from", "data-to"], ["data-to", "data-from"]].forEach(function (dir) {
        var queue = [start], seen = {};
        seen[start] = true;
        while (queue.length) {
          var n = queue.shift();
          edges.forEach(function (e) {
            if (e.getAttribute(dir[0]) === n && !seen[e.getAttribute(dir[1])]) {
              seen[e.getAttribute(dir[1])] = true;
              keep[e.getAttribute(dir[1])] = true;
              queue.push(e.getAttribute(dir[1]));
            }
          });
        }
      });
      return keep;
    }
    function show(keep) {
      nodes.forEach(function (a) {
        var on = (!keep || keep[a.getAttribute("data-node")]) &&
          (!kind || !kind.value || a.classList.contains("kind-" + kind.value));
        a.classList.toggle("dimmed", !on);
      });
      edges.forEach(function (e) {
        var on = !keep || (keep[e.getAttribute("data-from")] && keep[e.getAttribute("data-to")]);
        e.classList.toggle("dimmed", !on);
      });
    }
    function fromObjective() {
      if (!objective || !objective.value) return null;
      var node = nodes.filter(function (a) { return a.getAttribute("data-id") === objective.value; })[0];
      return node ? related(node.getAttribute("data-node")) : null;
    }
    nodes.forEach(function (a) {
      a.addEventListener("click", function (event) {
        if (!focusBox || !focusBox.checked) return;
        event.preventDefault();
        show(related(a.getAttribute("data-node")));
      });
    });
    if (focusBox) focusBox.addEventListener("change", function () { show(fromObjective()); });
    if (kind) kind.addEventListener("change", function () { show(fromObjective()); });
    if (objective) objective.addEventListener("change", function () { show(fromObjective()); });
  });

  // A roadmap board's team and objective filters hide the cards that do not match.
  document.querySelectorAll("[data-board-filter]").forEach(function (tools) {
    tools.hidden = false;
    var board = tools.nextElementSibling;
    var selects = Array.prototype.slice.call(tools.querySelectorAll("select[data-card-filter]"));
    function apply() {
      board.querySelectorAll("[data-roadmap-item]").forEach(function (card) {
        card.hidden = !selects.every(function (s) {
          if (!s.value) return true;
          var values = (card.getAttribute("data-" + s.getAttribute("data-card-filter")) || "").split(" ");
          return s.getAttribute("data-card-filter") === "team"
            ? card.getAttribute("data-team") === s.value
            : values.indexOf(s.value) !== -1;
        });
      });
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
  });
})();
