/* Keyboard reordering for the guide editor. django-nested-admin moves steps,
   answers, fallback buttons and symptoms by dragging with a mouse; these "Move up" and
   "Move down" buttons do the same from the keyboard. Moving a row in the page is
   enough: nested-admin numbers the rows in page order when the form is sent. */
(function () {
  "use strict";
  // Set once the page is parsed: the admin lists this script before jquery.init.js,
  // which makes django.jQuery.
  var $;

  function isRow(element) {
    return element && element.classList.contains("djn-item") &&
      !element.classList.contains("djn-no-drag") && !/-empty$/.test(element.id || "");
  }

  function sibling(row, direction) {
    var next = direction < 0 ? row.previousElementSibling : row.nextElementSibling;
    while (next && !isRow(next)) {
      next = direction < 0 ? next.previousElementSibling : next.nextElementSibling;
    }
    return next;
  }

  function rowsOf(row) {
    return Array.prototype.filter.call(row.parentElement.children, isRow);
  }

  function kindOf(group) {
    var id = (group && group.id) || "";
    if (/-choices-group$/.test(id)) return "Answer";
    if (/^links-group$/.test(id)) return "Fallback button";
    if (/^steps-group$/.test(id)) return "Step";
    if (/^symptoms-group$/.test(id)) return "Symptom";
    return "Row";
  }

  function nameOf(row) {
    var label = row.querySelector(".inline_label");
    if (label && label.textContent.trim()) return label.textContent.trim();
    var input = row.querySelector("input[type=text]");
    return (input && input.value) || "new";
  }

  function announce(text) {
    var region = document.getElementById("reorder-status");
    if (!region) {
      region = document.createElement("p");
      region.id = "reorder-status";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }

  function move(button, direction) {
    var row = button.closest(".djn-item");
    var other = sibling(row, direction);
    if (!other) {
      announce("Already " + (direction < 0 ? "first." : "last."));
      return;
    }
    row.parentElement.insertBefore(row, direction < 0 ? other : other.nextElementSibling);
    if ($ && window.DJNesting) {
      window.DJNesting.default.updatePositions($(row).djangoFormsetPrefix());
      // As after a drag: nested-admin restripes the rows, the step headings renumber.
      $(document).trigger("djnesting:mutate", [$(row.closest(".djn-group"))]);
    }
    button.focus();
    var rows = rowsOf(row);
    announce(button.dataset.what + " moved to place " + (rows.indexOf(row) + 1) + " of " + rows.length + ".");
  }

  function addButtons() {
    document.querySelectorAll(".djn-drag-handler").forEach(function (handle) {
      var row = handle.closest(".djn-item");
      if (!isRow(row) || row.querySelector(":scope .reorder-buttons[data-for='" + row.id + "']")) {
        return;
      }
      var what = kindOf(row.closest(".djn-group"));
      var box = document.createElement("span");
      box.className = "reorder-buttons";
      box.dataset.for = row.id;
      [["Move up", -1], ["Move down", 1]].forEach(function (pair) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "reorder-button";
        button.textContent = pair[0];
        button.dataset.what = what;
        button.setAttribute("aria-label", pair[0] + ": " + what.toLowerCase() + " “" + nameOf(row) + "”");
        button.addEventListener("click", function () { move(button, pair[1]); });
        box.appendChild(button);
      });
      handle.insertAdjacentElement("afterend", box);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $ = window.django && window.django.jQuery;
    addButtons();
    if ($) {
      $(document).on("djnesting:mutate djnesting:added", addButtons);
    }
  });
})();
