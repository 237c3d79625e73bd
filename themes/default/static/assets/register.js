// Sorting and filtering for tables marked data-sortable (the risk register, the measure list).
// Progressive enhancement: without JavaScript the table is complete and readable; the filter
// field is hidden until this script shows it.
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.getAttribute("data-sort") || cell.textContent.trim().toLowerCase();
  }

  var EN = document.documentElement.lang === "en";

  // Only the sorted column carries aria-sort (nine headers saying "not sorted" is noise), and a
  // change of order is said once in a polite live region next to the table.
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    var status = document.createElement("p");
    status.className = "kern-sr-only";
    status.setAttribute("role", "status");
    var box = table.closest(".table-scroll") || table;
    box.parentNode.insertBefore(status, box.nextSibling);
    Array.prototype.forEach.call(heads, function (th, index) {
      var label = th.textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = label;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        status.textContent = EN
          ? "Sorted by " + label + ", " + (ascending ? "ascending" : "descending")
          : "Sortiert nach " + label + ", " + (ascending ? "aufsteigend" : "absteigend");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellKey(a, index), y = cellKey(b, index);
          var r = x.localeCompare(y, "de", { numeric: true });
          return ascending ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function makeFilterable(box) {
    var table = document.getElementById(box.getAttribute("data-register-filter"));
    if (!table) return;
    var input = box.querySelector("input");
    var count = box.querySelector(".register-filter__count");
    box.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hit = !q || row.textContent.toLowerCase().indexOf(q) !== -1;
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = shown + (EN ? " of " : " von ") + table.tBodies[0].rows.length + (EN ? " rows" : " Zeilen");
    });
  }

  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  document.querySelectorAll("[data-register-filter]").forEach(makeFilterable);
})();
