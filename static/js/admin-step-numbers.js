/* The guide editor numbers each step in its heading ("Step 3: …"), as the answers'
   "Leads to" lists do. When steps are moved, added or removed on the page, this numbers
   the headings again in page order, and the steps in every "Leads to" list with them,
   listed in that order. */
(function () {
  "use strict";

  function steps() {
    var items = document.querySelector("#steps-group .djn-items");
    if (!items) return [];
    return Array.prototype.filter.call(items.children, function (row) {
      return row.classList.contains("djn-item") && !row.classList.contains("djn-no-drag") &&
        !/-empty$/.test(row.id);
    });
  }

  function stepNumber(option) {
    var match = /^Step (\d+):/.exec(option.textContent);
    return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER; // "A deleted step" goes last
  }

  function renumber() {
    steps().forEach(function (row, index) {
      var number = String(index + 1);
      var heading = row.querySelector(".step-number");
      if (heading) heading.textContent = number;
      // A saved step is listed under "Leads to" by its key; a new one is not yet.
      var key = document.getElementById("id_" + row.id + "-row_key");
      if (!key || !/^[0-9a-f]+$/.test(key.value)) return;
      document.querySelectorAll("option[value='step:" + key.value + "']").forEach(function (option) {
        option.textContent = option.textContent.replace(/^Step \d+:/, "Step " + number + ":");
      });
    });
    var lists = new Set();
    document.querySelectorAll("option[value^='step:']").forEach(function (option) {
      lists.add(option.parentElement);
    });
    lists.forEach(function (list) {
      Array.prototype.slice.call(list.children).sort(function (a, b) {
        return stepNumber(a) - stepNumber(b);
      }).forEach(function (option) { list.appendChild(option); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var $ = window.django && window.django.jQuery;
    renumber();
    if ($) {
      $(document).on("djnesting:mutate", renumber);
    }
  });
})();
