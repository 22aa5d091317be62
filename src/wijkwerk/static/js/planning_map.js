/* The plan on the map: every asset with a planned intervention, coloured by the year of its first
   intervention. Reads #planning-map-config (base map, colours per year, data URL); the points come
   as compact arrays [lon, lat, year] and are drawn on canvas (preferCanvas in Wijkwerk.baseMap). */
(function () {
  "use strict";
  var el = document.getElementById("planning-map");
  var cfgEl = document.getElementById("planning-map-config");
  if (!el || !cfgEl || typeof L === "undefined" || !window.Wijkwerk) { return; }
  var cfg = JSON.parse(cfgEl.textContent);
  // Texts in the page's language (Django's JavaScript catalogue, /jsi18n/); Dutch when it is missing.
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (m, k) { return String(o[k]); });
  };
  var map = Wijkwerk.baseMap(el, cfg, { scrollWheelZoom: false, noteId: "planning-map-note" });
  map.options.zoomSnap = 0.25;
  var renderer = L.canvas({ padding: 0.3 });
  var count = document.getElementById("planning-map-count");
  map.setView([52.09, 5.12], 12);
  fetch(cfg.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var pts = data.points || [];
      var bounds = L.latLngBounds([]);
      var layer = L.layerGroup();
      for (var i = 0; i < pts.length; i++) {
        var p = pts[i];
        var colour = cfg.colours[p[2] - 1] || "#555555";
        L.circleMarker([p[1], p[0]], {
          renderer: renderer, radius: 4, weight: 0.6, color: "#ffffff", fillColor: colour, fillOpacity: 0.9
        }).bindPopup(Wijkwerk.esc(interpolate(gettext("Eerste maatregel in %(year)s"), { year: cfg.startYear + p[2] - 1 }, true))).addTo(layer);
        bounds.extend([p[1], p[0]]);
      }
      layer.addTo(map);
      if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 17, padding: [8, 8] }); }
      if (count) {
        count.textContent = interpolate(ngettext("%(count)s asset met een geplande maatregel.",
          "%(count)s assets met een geplande maatregel.", pts.length), { count: pts.length }, true);
      }
      el.dataset.points = String(pts.length);
      el.dataset.ready = "true";
    })
    .catch(function () {
      if (count) { count.textContent = gettext("De kaartgegevens konden niet worden geladen."); }
      el.dataset.ready = "error";
    });
})();
