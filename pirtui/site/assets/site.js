/* pirtui site: sorting and filtering of the index, and search, in plain JavaScript.
   Every page reads fully without it. Nothing here loads anything but the site's own files. */
(function () {
  "use strict";

  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-v");
    return v === null ? cell.textContent.trim().toLowerCase() : v;
  }

  function compare(a, b) {
    if (a === b) { return 0; }
    if (a === "") { return 1; }        /* empty values last in either direction */
    if (b === "") { return -1; }
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) { return x - y; }
    return a < b ? -1 : 1;
  }

  function setupTable() {
    var table = document.getElementById("reviews");
    if (!table) { return; }
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var headers = table.tHead.rows[0].cells;
    var filter = document.getElementById("filter");
    var shown = document.getElementById("shown");
    var current = -1, ascending = true;

    function sortBy(column) {
      ascending = column === current ? !ascending : column !== 2; /* dates start newest first */
      current = column;
      var keyed = rows.map(function (row, i) { return [cellValue(row, column), i, row]; });
      keyed.sort(function (p, q) {
        var c = compare(p[0], q[0]);
        if (p[0] !== "" && q[0] !== "" && !ascending) { c = -c; }
        return c || p[1] - q[1];
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (k) { fragment.appendChild(k[2]); });
      tbody.appendChild(fragment);
      for (var i = 0; i < headers.length; i++) {
        headers[i].setAttribute("aria-sort", i === column ? (ascending ? "ascending" : "descending") : "none");
      }
    }

    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Sort by " + th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", column === 2 ? "descending" : "none");
      button.addEventListener("click", function () { sortBy(column); });
    });
    current = 2; ascending = false;

    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    function applyFilter() {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      rows.forEach(function (row, i) {
        var keep = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        row.hidden = !keep;
        if (keep) { count++; }
      });
      shown.textContent = words.length ? count + " of " + rows.length + " reviews" : "";
    }
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { filter.value = ""; applyFilter(); }
    });
    document.addEventListener("keydown", function (event) {
      var tag = (event.target && event.target.tagName) || "";
      if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        filter.focus();
      }
    });
    filter.closest(".tools").hidden = false;
  }

  /* -- search ------------------------------------------------------------------------------ */

  function setupSearch() {
    var form = document.querySelector("form.search");
    if (!form) { return; }
    var input = document.getElementById("q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("results");
    var served = location.protocol === "http:" || location.protocol === "https:";
    var pagefind = null;

    function show(results, how) {
      list.textContent = "";
      results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.url;
        a.textContent = r.title;
        li.appendChild(a);
        if (r.excerpt) {
          var p = document.createElement("p");
          p.textContent = r.excerpt;
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      status.textContent = results.length + " review" + (results.length === 1 ? "" : "s") + " found" + how + ".";
    }

    function embedded(query) {
      var index = window.pirtuiSearchIndex;
      if (!index) {
        status.textContent = "Search needs the site served over http (for example: python3 -m http.server in its folder); " +
          "opened from the file system, this site is too large for its built-in index.";
        return;
      }
      var words = query.toLowerCase().split(/[^\w'-]+/).filter(function (w) { return w.length > 0; });
      var found = [];
      index.forEach(function (item) {
        if (!item.list) { item.list = item[2].split(" "); }
        var all = words.every(function (w) {
          return item.list.some(function (x) { return x.lastIndexOf(w, 0) === 0; });
        });
        if (all) { found.push({ url: item[0], title: item[1], excerpt: "" }); }
      });
      show(found.slice(0, 100), found.length > 100 ? " (first 100 shown)" : "");
    }

    function withEmbedded(query) {
      if (window.pirtuiSearchIndex !== undefined) { embedded(query); return; }
      var script = document.createElement("script");
      script.src = "search-index.js";
      script.onload = function () { embedded(query); };
      script.onerror = function () {
        status.textContent = "Search needs the site served over http (for example: python3 -m http.server in its folder).";
      };
      document.head.appendChild(script);
    }

    function viaPagefind(query) {
      var start = pagefind ? Promise.resolve(pagefind) : import(new URL("pagefind/pagefind.js", document.baseURI).href).then(function (module) {
        pagefind = module;
        return module.options({ baseUrl: new URL(".", location.href).pathname }).then(function () { return module; });
      });
      return start.then(function (pf) { return pf.search(query); }).then(function (search) {
        return Promise.all(search.results.slice(0, 50).map(function (r) { return r.data(); }));
      }).then(function (data) {
        show(data.map(function (d) {
          var excerpt = d.excerpt.replace(/<[^>]*>/g, "");
          var box = document.createElement("textarea");
          box.innerHTML = excerpt; /* decode entities only; never inserted as HTML */
          return { url: d.url, title: (d.meta && d.meta.title) || d.url, excerpt: box.value };
        }), "");
      });
    }

    function run(query) {
      query = query.trim();
      if (!query) { list.textContent = ""; status.textContent = "Type words to find."; return; }
      status.textContent = "Searching…";
      if (served) {
        viaPagefind(query).catch(function () { withEmbedded(query); });
      } else {
        withEmbedded(query);
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file: may refuse */ }
      run(input.value);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(initial); }
    else { status.textContent = "Type words to find, then Enter."; }
  }

  function start() { setupTable(); setupSearch(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
