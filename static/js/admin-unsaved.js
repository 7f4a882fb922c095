// The guide's page: leaving it with edits not yet saved asks first. Any way of
// submitting the form (Save, Publish…, Preview draft) saves them, so it does not ask.
(function () {
  "use strict";

  function watch(form) {
    let unsaved = false;
    const mark = function () {
      unsaved = true;
    };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    // Dragging or moving a row changes hidden positions without an input event.
    form.addEventListener("click", function (event) {
      if (event.target.closest(".reorder-button, .djn-drag-handler, .djn-remove-handler")) {
        mark();
      }
    });
    form.addEventListener("submit", function () {
      unsaved = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("guide_form");
    if (form) {
      watch(form);
    }
  });
})();
