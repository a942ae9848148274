/*
 * 在线申请 / 补正: warn at once when a chosen file is over the size limit, so the
 * applicant does not wait for a long upload to be refused. The server checks again
 * (size, type from the content, count); this is only a convenience.
 *   <form data-ow-max-bytes="10485760">
 *     <input type="file" data-ow-upload> ... <div class="d-none" data-ow-upload-too-large>
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-ow-upload]")) return;
    var form = input.closest("form[data-ow-max-bytes]");
    var field = input.closest(".ow-field");
    if (!form || !field) return;
    var limit = parseInt(form.getAttribute("data-ow-max-bytes"), 10) || 0;
    var tooLarge = false;
    Array.prototype.forEach.call(input.files || [], function (file) {
      if (limit && file.size > limit) tooLarge = true;
    });
    var warning = field.querySelector("[data-ow-upload-too-large]");
    if (warning) warning.classList.toggle("d-none", !tooLarge);
    if (tooLarge) {
      input.value = "";
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
  });
})();
