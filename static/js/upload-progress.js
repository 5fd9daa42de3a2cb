// The nomination form sends its files with a progress bar (forms marked data-upload-progress).
// Without this script the form posts as usual; with it, the same post goes through an
// XMLHttpRequest so the bar can follow the upload, and the answer replaces the page.
(function () {
  "use strict";

  function selectedBytes(form) {
    let total = 0;
    form.querySelectorAll("input[type=file]").forEach((input) => {
      Array.from(input.files || []).forEach((file) => {
        total += file.size;
      });
    });
    return total;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-upload-progress]") || event.defaultPrevented) {
      return;
    }
    if (selectedBytes(form) === 0 || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    event.preventDefault();
    const bar = form.querySelector("[data-upload-bar]");
    const inner = bar ? bar.querySelector(".progress-bar") : null;
    const buttons = form.querySelectorAll("button[type=submit]");
    const data = new FormData(form, event.submitter || undefined);
    // Not ``form.action``: the form's buttons are named "action", which shadows the property.
    const target = new URL(form.getAttribute("action") || "", window.location.href).href;
    const request = new XMLHttpRequest();
    request.open("POST", target);
    buttons.forEach((button) => {
      button.disabled = true;
    });
    if (bar) {
      bar.classList.remove("d-none");
    }
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable || !inner) {
        return;
      }
      const percent = Math.round((progress.loaded / progress.total) * 100);
      inner.style.width = percent + "%";
      inner.textContent = percent + "%";
      bar.setAttribute("aria-valuenow", String(percent));
    });
    request.addEventListener("load", () => {
      // The answer is the page the browser would have shown (after a redirect, the
      // nomination's page with its message): show it, under its own address.
      if (request.responseURL && request.responseURL !== window.location.href) {
        window.history.replaceState(null, "", request.responseURL);
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", () => {
      buttons.forEach((button) => {
        button.disabled = false;
      });
      if (bar) {
        bar.classList.add("d-none");
      }
    });
    request.send(data);
  });
})();
