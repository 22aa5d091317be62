/* Maps of the schouw and condition pages: plots of a round, results per buurt, asset conditions,
   the polygons of an area type. Reads its data from the JSON script #inspections-map-config; the
   base map comes from basemap.js (Wijkwerk.baseMap). The map opens fitted to its data (or to the
   municipality's buurten when there is none), with fractional zoom so the data fills the view. */
(function () {
  "use strict";
  var el = document.getElementById("inspections-map");
  var cfgEl = document.getElementById("inspections-map-config");
  if (!el || !cfgEl || typeof L === "undefined" || !window.Wijkwerk) { return; }
  var cfg = JSON.parse(cfgEl.textContent);
  var esc = Wijkwerk.esc;
  // Texts in the page's language (Django's JavaScript catalogue, /jsi18n/); Dutch when it is missing.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (m, k) { return String(o[k]); });
  };
  var map = Wijkwerk.baseMap(el, cfg, { scrollWheelZoom: false });
  map.options.zoomSnap = 0.25;
  map.options.zoomDelta = 0.5;
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
        l.bindPopup("<strong>" + esc(p.code + " " + p.name) + "</strong><br>" +
          esc(interpolate(gettext("Aandeel %(share)s (norm %(norm)s, streef %(target)s)"),
            { share: pct(p.share), norm: pct(p.pass_share), target: p.target }, true)) + "<br>" +
          esc(interpolate(gettext("%(count)s meetlocaties"), { count: p.plots }, true)) + "<br>" +
          esc(p.meets_norm ? gettext("voldoet") : gettext("voldoet niet")));
      }
    }).addTo(map);
    if (layer.getBounds().isValid()) { bounds.extend(layer.getBounds()); }
  } else if (cfg.mode === "polygons") {
    var shapes = L.geoJSON(cfg.areas, {
      style: function () { return { color: "#0b5d4b", weight: 2, fillColor: "#0b5d4b", fillOpacity: 0.2 }; },
      onEachFeature: function (f, l) { l.bindPopup(esc(f.properties.name || "")); }
    }).addTo(map);
    if (shapes.getBounds().isValid()) { bounds.extend(shapes.getBounds()); }
  } else if (cfg.mode === "condition") {
    (cfg.points || []).forEach(function (p) {
      var url = cfg.assetUrl.replace("/0/", "/" + p[0] + "/");
      L.circleMarker([p[2], p[1]], { radius: 5, color: "#fff", weight: 1, fillColor: cfg.colours[p[3]], fillOpacity: 1 })
        .bindPopup('<a href="' + url + '">' + esc(p[4] + " " + p[5]) + "</a><br>" + esc(interpolate(gettext("Conditie %(condition)s"), { condition: p[3] }, true)))
        .addTo(map);
      bounds.extend([p[2], p[1]]);
    });
  }
  if (!bounds.isValid() && cfg.extent) {
    bounds = L.latLngBounds([[cfg.extent[1], cfg.extent[0]], [cfg.extent[3], cfg.extent[2]]]);
  }
  if (bounds.isValid()) {
    map.fitBounds(bounds, { maxZoom: 17, padding: [8, 8] });
  } else {
    map.setView([52.09, 5.12], 12);
  }
  el.dataset.ready = "true";
  el.dataset.zoom = String(map.getZoom());
})();
