// A checkbox marked data-check-all="NAME" ticks or clears every checkbox named NAME on the
// page (the rows of a bulk action), and follows them: ticked when all are, mixed when some are.
(function () {
  "use strict";

  function boxes(name) {
    return Array.from(document.querySelectorAll('input[type=checkbox][name="' + name + '"]'));
  }

  function follow(master) {
    const all = boxes(master.getAttribute("data-check-all"));
    const ticked = all.filter((box) => box.checked).length;
    master.checked = all.length > 0 && ticked === all.length;
    master.indeterminate = ticked > 0 && ticked < all.length;
  }

  document.addEventListener("change", (event) => {
    const el = event.target;
    if (el.matches("[data-check-all]")) {
      boxes(el.getAttribute("data-check-all")).forEach((box) => {
        box.checked = el.checked;
      });
      return;
    }
    if (el.matches("input[type=checkbox][name]")) {
      document.querySelectorAll('[data-check-all="' + el.name + '"]').forEach(follow);
    }
  });
})();
