/*
 * 一窗通: ECharts without inline script.
 *
 * A page puts the chart's option (a dict in the view) next to an empty element:
 *
 *   <div class="ow-chart" data-echarts="cases-by-month" role="img" aria-label="…"></div>
 *   {{ option|json_script:"cases-by-month" }}
 *
 * data-echarts names the id of the json_script element; when it is empty, the next
 * sibling <script type="application/json"> is used. The element's height comes from CSS
 * (.ow-chart, .ow-chart-sm, .ow-chart-lg): style="" attributes are forbidden by the CSP.
 * Load with {% include "includes/echarts_js.html" %} in {% block extra_js %}.
 * Charts inside content swapped in by htmx are drawn too.
 */
(function () {
  "use strict";

  var THEME = "onewindow";
  var observed = typeof ResizeObserver === "function" ? new ResizeObserver(resizeAll) : null;

  // The bureau's palette: deep blue first, then calm, distinguishable colours.
  function registerTheme() {
    window.echarts.registerTheme(THEME, {
      color: ["#1a4f8b", "#2f8f83", "#d98c1f", "#c0392b", "#6c5fa7", "#4a90c2", "#7f8c8d", "#9c6b30"],
      textStyle: {
        fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
      },
    });
  }

  function optionFor(element) {
    var id = element.getAttribute("data-echarts");
    var source = id ? document.getElementById(id) : element.nextElementSibling;
    if (!source || source.tagName !== "SCRIPT" || source.type !== "application/json") {
      throw new Error("data-echarts: no JSON option found for chart " + (id || "(sibling)"));
    }
    var option = JSON.parse(source.textContent);
    // HTML tooltips are built with style="" attributes, which the CSP blocks:
    // draw tooltips on the canvas instead unless the page chose otherwise.
    if (option.tooltip && !option.tooltip.renderMode) option.tooltip.renderMode = "richText";
    if (!option.aria) option.aria = { enabled: true };
    return option;
  }

  function render(root) {
    if (!window.echarts) return [];
    var scope = root || document;
    var elements = Array.prototype.slice.call(scope.querySelectorAll("[data-echarts]"));
    if (scope.matches && scope.matches("[data-echarts]")) elements.unshift(scope);
    return elements.map(function (element) {
      // Already drawn (first load and htmx:load both reach the same element): keep it.
      var chart = window.echarts.getInstanceByDom(element);
      if (chart) return chart;
      chart = window.echarts.init(element, THEME, { renderer: "canvas" });
      chart.setOption(optionFor(element));
      if (observed) observed.observe(element);
      return chart;
    });
  }

  function resizeAll(entries) {
    entries.forEach(function (entry) {
      var chart = window.echarts.getInstanceByDom(entry.target);
      if (chart) chart.resize();
    });
  }

  if (!window.echarts) {
    console.error("charts.js: echarts.min.js must be loaded before charts.js");
    return;
  }
  registerTheme();
  window.OneWindowCharts = { render: render };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      render(document);
    });
  } else {
    render(document);
  }
  // Fragments swapped in by htmx.
  if (window.htmx) window.htmx.onLoad(render);
  // Free the chart of an element that htmx is about to remove.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var chart = window.echarts.getInstanceByDom(event.target);
    if (chart) {
      if (observed) observed.unobserve(event.target);
      chart.dispose();
    }
  });
})();
