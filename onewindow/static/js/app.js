/*
 * 一窗通: the small amount of page behaviour every page shares.
 *
 * The CSP is "script-src 'self'; style-src 'self'": no inline script, no on* attributes,
 * no style="" attributes. Pages ask for behaviour with data-* attributes instead:
 *   data-ow-confirm="确定要…吗？"  on a <form> or a submit <button>: ask before submitting
 *   data-ow-autosubmit            on a <select>/<input> inside a form: submit when it changes
 *   data-ow-print                 on a <button>: print the page
 *   data-ow-back                  on an <a>: go back in history (the href is the fallback)
 * htmx requests carry the CSRF token; a failed htmx request shows a message in #ow-live-alerts.
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) return meta.content;
    // Fallback for pages without the meta tag (the production cookie is __Host-csrftoken).
    var match = document.cookie.match(/(?:^|;\s*)(?:__Host-)?csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function message(key, fallback) {
    return (document.body && document.body.dataset[key]) || fallback;
  }

  // Show a dismissible Bootstrap alert in the live region (announced by screen readers).
  function showAlert(text, level) {
    var region = document.getElementById("ow-live-alerts");
    if (!region) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-" + (level || "danger") + " alert-dismissible fade show";
    alert.setAttribute("role", "alert");
    alert.appendChild(document.createTextNode(text));
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", message("owMsgClose", "关闭"));
    alert.appendChild(close);
    region.appendChild(alert);
  }

  // A DomainError page marks its Chinese message with data-ow-error-message; show that text.
  function errorText(xhr) {
    if (xhr && xhr.responseText) {
      try {
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var node = doc.querySelector("[data-ow-error-message]");
        if (node && node.textContent.trim()) return node.textContent.trim();
      } catch (e) {
        /* not HTML: fall through to the generic message */
      }
    }
    return message("owMsgRequestFailed", "请求未能完成，请稍后重试。");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var verb = (event.detail.verb || "get").toUpperCase();
    if (verb !== "GET") event.detail.headers["X-CSRFToken"] = csrfToken();
  });
  document.addEventListener("htmx:responseError", function (event) {
    showAlert(errorText(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function () {
    showAlert(message("owMsgNetworkError", "网络连接失败，请检查网络后重试。"));
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var text =
      (submitter && submitter.getAttribute("data-ow-confirm")) || form.getAttribute("data-ow-confirm");
    if (text && !window.confirm(text)) event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-ow-autosubmit") || !field.form) return;
    if (typeof field.form.requestSubmit === "function") field.form.requestSubmit();
    else field.form.submit();
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-ow-print], [data-ow-back]") : null;
    if (!target) return;
    if (target.hasAttribute("data-ow-print")) {
      event.preventDefault();
      window.print();
    } else if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
