/*
 * 一窗通: the statistics pages (办件统计, 企业开办一窗通). The charts themselves are drawn by
 * charts.js from json_script data; this file only
 *  - dims the year menu while a date range is filled in (the dates take precedence), and
 *  - redraws the charts at the paper's width before printing and back afterwards.
 */
(function () {
  "use strict";

  function setUpFilter(form) {
    var year = form.querySelector("select[name=year]");
    var dates = form.querySelectorAll("input[name=start], input[name=end]");
    if (!year || !dates.length) return;
    function sync() {
      var ranged = Array.prototype.some.call(dates, function (input) {
        return input.value !== "";
      });
      year.disabled = ranged;
    }
    Array.prototype.forEach.call(dates, function (input) {
      input.addEventListener("input", sync);
      input.addEventListener("change", sync);
    });
    sync();
  }

  function resizeCharts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-echarts]").forEach(function (element) {
      var chart = window.echarts.getInstanceByDom(element);
      if (chart) chart.resize();
    });
  }

  function start() {
    document.querySelectorAll(".ow-stats-filter").forEach(setUpFilter);
    window.addEventListener("beforeprint", resizeCharts);
    window.addEventListener("afterprint", resizeCharts);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
