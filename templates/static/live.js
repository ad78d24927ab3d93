// spex serve: reloads the page when it is rebuilt, and shows diagnostics over the page
// while the workspace has errors. Served by `spex serve` only, never in `spex build` output.
"use strict";

(function () {
  var overlay = null;

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function show(report) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "spex-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#1b1f27;color:#f3f4f6;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:12px 16px;" +
      "border-top:4px solid " + (report.blocking ? "#e5484d" : "#f5a524") + ";box-shadow:0 -4px 16px rgba(0,0,0,.3)";
    var title = document.createElement("strong");
    title.textContent = report.title;
    var close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", "Hide");
    close.style.cssText = "float:right;background:none;border:0;color:inherit;font-size:20px;cursor:pointer";
    close.onclick = hide;
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:8px 0 0";
    pre.textContent = report.text;
    overlay.appendChild(close);
    overlay.appendChild(title);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }

  var here = window.location.pathname.replace(/\/$/, "/index.html");
  var source = new EventSource("/__spex/events");
  source.addEventListener("reload", function (event) {
    var pages = JSON.parse(event.data);
    if (pages.some(function (page) { return page === "*" || here.endsWith("/" + page); })) {
      window.location.reload();
    }
  });
  source.addEventListener("diagnostics", function (event) { show(JSON.parse(event.data)); });
  source.addEventListener("clear", hide);
})();
