/*
 * 好差评 pages: the comment's character counter.
 *   <textarea data-ow-counter="ID">  keeps the element #ID showing the number of characters.
 * (No inline script: the CSP forbids it.)
 */
(function () {
  "use strict";

  function update(field) {
    var target = document.getElementById(field.getAttribute("data-ow-counter"));
    if (target) target.textContent = String(Array.from(field.value).length);
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field && field.hasAttribute && field.hasAttribute("data-ow-counter")) update(field);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-ow-counter]").forEach(update);
  });
})();
