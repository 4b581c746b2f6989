// centinela dashboard: progressive enhancement only; every page works without this file.
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  // Timeline: event families as stacked bars, risk as a line, institutional events as markers.
  function drawTimeline() {
    var data = readJson("timeline-data");
    var target = document.getElementById("timeline-chart");
    if (!data || !target || !window.Plotly) return;
    var traces = [];
    Object.keys(data.families).forEach(function (family) {
      var points = data.families[family];
      traces.push({
        type: "bar", name: data.family_names[family] || family,
        x: points.map(function (p) { return p[0]; }), y: points.map(function (p) { return p[1]; })
      });
    });
    if (data.risk.length) {
      traces.push({
        type: "scatter", mode: "lines", name: data.risk_name, yaxis: "y2", line: { color: "#7b1fa2", width: 2 },
        x: data.risk.map(function (r) { return r.date; }), y: data.risk.map(function (r) { return r.score; })
      });
    }
    if (data.institutional.length) {
      traces.push({
        type: "scatter", mode: "markers", name: data.institutional_name, yaxis: "y3",
        marker: { symbol: "diamond", size: 10, color: "#13263b" },
        x: data.institutional.map(function (m) { return m.date; }),
        y: data.institutional.map(function () { return 1; }),
        text: data.institutional.map(function (m) { return m.date + " " + m.event_type.replace(/_/g, " ") + ": " + m.subject; }),
        hoverinfo: "text"
      });
    }
    var onlyMarkers = traces.length === 1 && data.institutional.length > 0;
    var layout = {
      barmode: "stack", margin: { t: 10, r: 50, b: 40, l: 50 }, legend: { orientation: "h", y: -0.15 },
      yaxis: { title: { text: data.events_name }, domain: [0, 0.85] },
      yaxis2: { title: { text: data.risk_name }, overlaying: "y", side: "right", range: [0, 100] },
      yaxis3: { domain: onlyMarkers ? [0, 1] : [0.88, 1], visible: false, range: [0, 2] },
      height: onlyMarkers ? 220 : undefined, showlegend: true,
      font: { family: "system-ui, sans-serif" }
    };
    if (onlyMarkers) target.style.minHeight = "0";
    window.Plotly.newPlot(target, traces, layout, { responsive: true, displaylogo: false });
  }

  // Agenda: show times in the reader's own zone when they did not pick one.
  function localTimes() {
    var select = document.getElementById("tz");
    if (!select || select.getAttribute("data-chosen") === "yes" || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
    if (!known) { var opt = document.createElement("option"); opt.value = zone; opt.textContent = zone; select.appendChild(opt); }
    select.value = zone;
    var format = new Intl.DateTimeFormat(document.documentElement.lang, {
      dateStyle: "medium", timeStyle: "short", timeZone: zone });
    document.querySelectorAll("time[data-local]").forEach(function (t) {
      var when = new Date(t.getAttribute("datetime"));
      if (!isNaN(when)) t.textContent = format.format(when);
    });
    var note = document.getElementById("tz-note");
    if (note) note.textContent = note.getAttribute("data-template").replace("@", zone);
    var link = document.getElementById("ics-link");
    if (link) link.href = link.href.replace(/tz=[^&]*/, "tz=" + encodeURIComponent(zone));
  }

  // Removing something asks first.
  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawTimeline();
    localTimes();
    confirmations();
  });
})();
