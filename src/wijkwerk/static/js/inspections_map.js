/* Maps of the schouw and condition pages: plots of a round, results per buurt, asset conditions.
   Reads its data from the JSON script #inspections-map-config. */
(function () {
  "use strict";
  var el = document.getElementById("inspections-map");
  var cfgEl = document.getElementById("inspections-map-config");
  if (!el || !cfgEl || typeof L === "undefined") { return; }
  var cfg = JSON.parse(cfgEl.textContent);
  var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false, maxZoom: 21 });
  map.attributionControl.setPrefix(false);
  if (cfg.tileUrl) {
    var errors = 0;
    L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution, maxNativeZoom: 19, maxZoom: 21 })
      .on("tileerror", function () { errors += 1; if (errors === 3) { el.classList.add("map--no-tiles"); } })
      .addTo(map);
  }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function pct(x) { return (x * 100).toFixed(1).replace(".", ",") + " %"; }
  var bounds = L.latLngBounds([]);
  var statusColour = { open: "#1f6feb", done: "#1a7f37", skipped: "#888888" };
  if (cfg.mode === "plots") {
    (cfg.plots || []).forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: 6, color: "#fff", weight: 1.5, fillColor: statusColour[p.status] || "#1f6feb", fillOpacity: 1 })
        .bindPopup("<strong>" + esc(p.code) + "</strong><br>" + esc(p.buurt))
        .addTo(map);
      bounds.extend([p.lat, p.lon]);
    });
  } else if (cfg.mode === "results") {
    var layer = L.geoJSON(cfg.areas, {
      style: function (f) {
        var ok = f.properties.meets_norm;
        return { color: "#333", weight: 1, fillColor: ok ? "#1a7f37" : "#c0392b", fillOpacity: 0.25 + 0.45 * f.properties.share };
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        l.bindPopup("<strong>" + esc(p.code + " " + p.name) + "</strong><br>Aandeel " + pct(p.share) +
          " (norm " + pct(p.pass_share) + ", streef " + esc(p.target) + ")<br>" + p.plots + " meetlocaties<br>" +
          (p.meets_norm ? "voldoet" : "voldoet niet"));
      }
    }).addTo(map);
    if (layer.getBounds().isValid()) { bounds.extend(layer.getBounds()); }
  } else if (cfg.mode === "condition") {
    (cfg.points || []).forEach(function (p) {
      var url = cfg.assetUrl.replace("/0/", "/" + p[0] + "/");
      L.circleMarker([p[2], p[1]], { radius: 5, color: "#fff", weight: 1, fillColor: cfg.colours[p[3]], fillOpacity: 1 })
        .bindPopup('<a href="' + url + '">' + esc(p[4] + " " + p[5]) + "</a><br>Conditie " + p[3])
        .addTo(map);
      bounds.extend([p[2], p[1]]);
    });
  }
  if (bounds.isValid()) {
    map.fitBounds(bounds, { maxZoom: 17, padding: [20, 20] });
  } else {
    map.setView([52.09, 5.12], 12);
  }
  el.dataset.ready = "true";
})();
