/*
 * 一窗通: the public 好差评 page. The charts are drawn by charts.js from json_script data;
 * this file only submits the filter when a menu changes and redraws the charts at the
 * paper's width before printing and back afterwards.
 */
(function () {
  "use strict";

  function resizeCharts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-echarts]").forEach(function (element) {
      var chart = window.echarts.getInstanceByDom(element);
      if (chart) chart.resize();
    });
  }

  function start() {
    document.querySelectorAll("form[data-ow-autosubmit]").forEach(function (form) {
      form.querySelectorAll("select").forEach(function (select) {
        select.addEventListener("change", function () {
          form.requestSubmit ? form.requestSubmit() : form.submit();
        });
      });
    });
    window.addEventListener("beforeprint", resizeCharts);
    window.addEventListener("afterprint", resizeCharts);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
