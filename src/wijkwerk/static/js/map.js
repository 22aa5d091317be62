/* Wijkwerk asset map: Leaflet with server-side aggregation.
 * The server answers /kaart/data?bbox&zoom&type&wijk&buurt with either grid clusters (many assets
 * in view) or the individual points; points are drawn on one canvas, so 100,000 assets stay smooth.
 * The base map may fail to load (no internet): the assets and buurt outlines are drawn anyway. */
(function () {
  "use strict";

  var el = document.getElementById("asset-map");
  var configEl = document.getElementById("map-config");
  if (!el || !configEl || typeof L === "undefined" || !window.Wijkwerk) { return; }
  var cfg = JSON.parse(configEl.textContent);
  var statusEl = document.getElementById("map-status");
  // Texts in the page's language (Django's JavaScript catalogue, /jsi18n/); Dutch when it is missing.
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (m, k) { return String(o[k]); });
  };
  var nf = new Intl.NumberFormat(document.documentElement.lang || "nl-NL");

  function setStatus(text) { if (statusEl) { statusEl.textContent = text; } }

  // Base map (basemap.js): configurable; failures are quiet, leave a plain background and show #tile-note.
  var map = Wijkwerk.baseMap(el, cfg, { noteId: "tile-note", minZoom: 5 });
  var e = cfg.extent;
  map.fitBounds([[e[1], e[0]], [e[3], e[2]]], { padding: [12, 12] });

  var renderer = L.canvas({ padding: 0.3 });
  var areaPane = map.createPane("areas");
  areaPane.style.zIndex = 350;
  areaPane.style.pointerEvents = "none";

  // Buurt outlines; the chosen buurt or wijk is drawn heavier.
  function loadAreas(level, style) {
    return fetch(cfg.areasUrl + "?niveau=" + level, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        L.geoJSON(data, { pane: "areas", interactive: false, style: style }).addTo(map);
      })
      .catch(function () { /* outlines are a help, not a must */ });
  }
  loadAreas("buurt", function (f) {
    var chosen = cfg.filters.buurt && f.properties.code === cfg.filters.buurt;
    return { color: chosen ? "#0b5d4b" : "#40695f", weight: chosen ? 3 : 1, opacity: chosen ? 1 : 0.7,
             fill: chosen, fillOpacity: 0.06 };
  });
  if (cfg.filters.wijk) {
    loadAreas("wijk", function (f) {
      var chosen = f.properties.code === cfg.filters.wijk;
      return { color: "#0b5d4b", weight: chosen ? 3 : 0, opacity: 1, fill: false };
    });
  }

  var layer = L.layerGroup().addTo(map);
  var pending = null;
  var timer = null;

  function popupFor(p) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = cfg.labels[p[3]] || p[3];
    var id = document.createElement("div");
    id.textContent = p[4];
    var link = document.createElement("a");
    link.href = cfg.assetUrl.replace("{id}", String(p[0]));
    link.textContent = gettext("Bekijk asset");
    box.appendChild(title); box.appendChild(id); box.appendChild(link);
    return box;
  }

  function drawPoints(points, zoom) {
    var radius = zoom >= 18 ? 7 : zoom >= 16 ? 5 : 4;
    points.forEach(function (p) {
      var marker = L.circleMarker([p[2], p[1]], {
        renderer: renderer, radius: radius, color: "#ffffff", weight: 1, opacity: 0.9,
        fillColor: cfg.colours[p[3]] || cfg.fallbackColour, fillOpacity: 0.95
      });
      marker.bindPopup(function () { return popupFor(p); });
      layer.addLayer(marker);
    });
  }

  function drawClusters(clusters) {
    clusters.forEach(function (c) {
      var n = c[2];
      var size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 42 : n < 10000 ? 50 : 58;
      var label = n >= 10000 ? Math.round(n / 1000) + "k" : nf.format(n);
      var icon = L.divIcon({
        className: "cluster-icon",
        html: "<span>" + label + "</span>",
        iconSize: [size, size]
      });
      var m = L.marker([c[1], c[0]], { icon: icon, title: interpolate(gettext("%(count)s assets, klik om in te zoomen"), { count: nf.format(n) }, true), keyboard: true });
      m.on("click", function () { map.setView(m.getLatLng(), Math.min(map.getZoom() + 2, 21)); });
      layer.addLayer(m);
    });
  }

  function load() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var b = map.getBounds();
    var zoom = map.getZoom();
    var params = new URLSearchParams({
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(","),
      zoom: String(zoom)
    });
    ["type", "wijk", "buurt"].forEach(function (k) { if (cfg.filters[k]) { params.set(k, cfg.filters[k]); } });
    el.setAttribute("aria-busy", "true");
    fetch(cfg.dataUrl + "?" + params.toString(), { credentials: "same-origin", signal: pending.signal })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        layer.clearLayers();
        if (data.mode === "points") {
          drawPoints(data.points, zoom);
          el.dataset.drawn = String(data.points.length);
          var counts = { count: nf.format(data.count), shown: nf.format(data.points.length) };
          setStatus(data.count === 0 ? gettext("Geen assets in beeld.") : interpolate(data.truncated ?
            ngettext("%(count)s asset in beeld (de eerste %(shown)s getoond; zoom in).",
                     "%(count)s assets in beeld (de eerste %(shown)s getoond; zoom in).", data.count) :
            ngettext("%(count)s asset in beeld. Klik op een punt voor details.",
                     "%(count)s assets in beeld. Klik op een punt voor details.", data.count), counts, true));
        } else {
          drawClusters(data.clusters);
          el.dataset.drawn = String(data.clusters.length);
          setStatus(interpolate(gettext("%(count)s assets in beeld, gegroepeerd. Zoom in voor losse assets."),
            { count: nf.format(data.count) }, true));
        }
        el.dataset.mode = data.mode;
        el.dataset.count = String(data.count);
        el.removeAttribute("aria-busy");
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") { return; }
        el.removeAttribute("aria-busy");
        setStatus(gettext("De assets konden niet worden geladen. Probeer het opnieuw."));
      });
  }

  map.on("moveend", function () {
    clearTimeout(timer);
    timer = setTimeout(load, 120);
  });
  load();
  window.wijkwerkMap = map; // handy for debugging and browser tests
})();
