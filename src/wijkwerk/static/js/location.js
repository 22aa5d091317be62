/* Small location map on the asset page: the asset's geometry on the (optional) base map
   (set up by basemap.js). */
(function () {
  "use strict";
  var el = document.getElementById("location-map");
  var cfgEl = document.getElementById("location-config");
  if (!el || !cfgEl || typeof L === "undefined" || !window.Wijkwerk) { return; }
  var cfg = JSON.parse(cfgEl.textContent);
  var map = Wijkwerk.baseMap(el, cfg, { scrollWheelZoom: false });
  var style = { color: cfg.colour, weight: 3, fillColor: cfg.colour, fillOpacity: 0.35 };
  var shape = null;
  if (cfg.geometry && cfg.geometry.type && cfg.geometry.type !== "Point") {
    try { shape = L.geoJSON(cfg.geometry, { style: function () { return style; } }).addTo(map); } catch (e) { shape = null; }
  }
  L.circleMarker([cfg.lat, cfg.lon], { radius: 8, color: "#ffffff", weight: 2, fillColor: cfg.colour, fillOpacity: 1 })
    .addTo(map);
  if (shape && shape.getBounds().isValid()) {
    map.fitBounds(shape.getBounds(), { maxZoom: 19, padding: [20, 20] });
  } else {
    map.setView([cfg.lat, cfg.lon], 18);
  }
  el.dataset.ready = "true";
})();
