// While an answer is being sent, show which button was pressed: htmx disables
// the whole fieldset, which on its own looks the same for every button.
document.addEventListener("htmx:beforeRequest", (event) => {
  const submitter = event.detail.requestConfig?.triggeringEvent?.submitter;
  if (submitter) {
    submitter.classList.add("is-loading");
    submitter.setAttribute("aria-busy", "true");
  }
});

document.addEventListener("htmx:afterRequest", () => {
  for (const button of document.querySelectorAll(".is-loading")) {
    button.classList.remove("is-loading");
    button.removeAttribute("aria-busy");
  }
});

// The fallback page's card prints from a button; without JavaScript the
// button stays hidden and the browser's own Print works the same.
function showPrintButtons() {
  for (const button of document.querySelectorAll("[data-print][hidden]")) {
    button.hidden = false;
  }
}
document.addEventListener("DOMContentLoaded", showPrintButtons);
document.addEventListener("htmx:afterSettle", showPrintButtons);
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A notice about a request that failed (the site could not save an answer) goes
// once the next step is swapped in.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.target.id === "main") {
    document.getElementById("notice")?.replaceChildren();
  }
});

// Back (or Forward) to an address whose page has moved on, as a visit's fixed page
// once the visitor went back to a step: htmx shows the page the server sent it to,
// so the address bar says that page's address, and a reload stays on it.
document.addEventListener("htmx:historyCacheMissLoad", (event) => {
  const landed = new URL(event.detail.xhr.responseURL);
  const asked = new URL(event.detail.path, location.href);
  if (landed.origin === asked.origin && landed.href !== asked.href) {
    event.detail.path = landed.pathname + landed.search;
    history.replaceState(history.state, "", event.detail.path);
  }
});
