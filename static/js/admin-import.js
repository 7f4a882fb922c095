// Import an article: a paste over the limit is stopped here, with the text still in
// the box, rather than sent and refused (a very large one cannot even be read back).
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("import-form");
    const box = form && form.querySelector("textarea[data-max-chars]");
    const note = document.getElementById("import-too-long");
    if (!box || !note) {
      return;
    }
    form.addEventListener("submit", function (event) {
      if (box.value.length > Number(box.dataset.maxChars)) {
        event.preventDefault();
        note.hidden = false;
        box.focus();
      }
    });
    box.addEventListener("input", function () {
      note.hidden = true;
    });
  });
})();
