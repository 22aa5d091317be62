/* Wijkwerk asset map: Leaflet with server-side aggregation.
 * The server answers /kaart/data?bbox&zoom&type&wijk&buurt with either grid clusters (many assets
 * in view) or the individual points; points are drawn on one canvas, so 100,000 assets stay smooth.
 * The base map may fail to load (no internet): the assets and buurt outlines are drawn anyway.
 * Keyboard and screen-reader users get the assets in view as a list of buttons (#map-inview); each
 * opens the asset's popup and puts the focus on its link. `Wijkwerk.assetMap.open(item)` does the
 * same for the search box (search.js). */
(function () {
  "use strict";

  var el = document.getElementById("asset-map");
  var configEl = document.getElementById("map-config");
  if (!el || !configEl || typeof L === "undefined" || !window.Wijkwerk) { return; }
  var cfg = JSON.parse(configEl.textContent);
  var statusEl = document.getElementById("map-status");
  var listEl = document.getElementById("map-inview");
  var IN_VIEW_MAX = 30;
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
  if (cfg.focus) {
    map.setView([cfg.focus.lat, cfg.focus.lon], 19);
  } else {
    var e = cfg.extent;
    map.fitBounds([[e[1], e[0]], [e[3], e[2]]], { padding: [12, 12] });
  }

  // Points get a hit area of at least 24 px across (radius + tolerance >= 12), also for a finger.
  var renderer = L.canvas({ padding: 0.3, tolerance: 7 });
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

  function assetUrl(id) { return cfg.assetUrl.replace("{id}", String(id)); }

  // item: {id, lon, lat, type, label?, external_id, address?}
  function popupFor(item) {
    var box = document.createElement("div");
    box.className = "asset-popup";
    box.dataset.asset = String(item.id);
    var title = document.createElement("strong");
    title.textContent = item.label || cfg.labels[item.type] || item.type;
    box.appendChild(title);
    [item.external_id, item.address].forEach(function (text) {
      if (!text) { return; }
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    var link = document.createElement("a");
    link.href = assetUrl(item.id);
    link.textContent = gettext("Bekijk asset");
    box.appendChild(link);
    return box;
  }

  /* Opens the popup of an asset (and, with focus, moves the keyboard focus to its link). */
  function openAsset(item, options) {
    options = options || {};
    if (options.zoom) {
      map.setView([item.lat, item.lon], Math.max(map.getZoom(), options.zoom), { animate: false });
    }
    var content = popupFor(item);
    L.popup({ autoPanPadding: [24, 24] }).setLatLng([item.lat, item.lon]).setContent(content).openOn(map);
    if (options.focus) {
      var link = content.querySelector("a");
      if (link) { link.focus(); }
    }
  }

  function toItem(p) {
    return { id: p[0], lon: p[1], lat: p[2], type: p[3], external_id: p[4] };
  }

  function drawPoints(points, zoom) {
    var radius = zoom >= 18 ? 8 : zoom >= 16 ? 6 : 5;
    points.forEach(function (p) {
      var marker = L.circleMarker([p[2], p[1]], {
        renderer: renderer, radius: radius, color: "#ffffff", weight: 1, opacity: 0.9,
        fillColor: cfg.colours[p[3]] || cfg.fallbackColour, fillOpacity: 0.95
      });
      marker.bindPopup(function () { return popupFor(toItem(p)); });
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

  /* The assets in view as buttons, nearest to the centre first (at most IN_VIEW_MAX). */
  function showList(points) {
    if (!listEl) { return; }
    listEl.textContent = "";
    if (!points || !points.length) { listEl.hidden = true; return; }
    var centre = map.getCenter();
    var scale = Math.cos(centre.lat * Math.PI / 180);
    var items = points.map(toItem);
    items.sort(function (a, b) {
      var da = Math.pow((a.lon - centre.lng) * scale, 2) + Math.pow(a.lat - centre.lat, 2);
      var db = Math.pow((b.lon - centre.lng) * scale, 2) + Math.pow(b.lat - centre.lat, 2);
      return da - db;
    });
    items.slice(0, IN_VIEW_MAX).forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pick";
      button.dataset.asset = String(item.id);
      var dot = document.createElement("span");
      dot.className = "legend__dot";
      dot.style.background = cfg.colours[item.type] || cfg.fallbackColour;
      dot.setAttribute("aria-hidden", "true");
      var text = document.createElement("span");
      text.className = "pick__text";
      text.textContent = (cfg.labels[item.type] || item.type) + " " + item.external_id;
      button.appendChild(dot);
      button.appendChild(text);
      button.addEventListener("click", function () { openAsset(item, { focus: true }); });
      li.appendChild(button);
      listEl.appendChild(li);
    });
    listEl.hidden = false;
  }

  function pointsStatus(data) {
    var counts = { count: nf.format(data.count), shown: nf.format(Math.min(data.points.length, IN_VIEW_MAX)) };
    if (data.count === 0) { return gettext("Geen assets in beeld."); }
    if (data.truncated) {
      counts.shown = nf.format(data.points.length);
      return interpolate(ngettext("%(count)s asset in beeld (de eerste %(shown)s getoond; zoom in).",
                                  "%(count)s assets in beeld (de eerste %(shown)s getoond; zoom in).", data.count),
                         counts, true);
    }
    if (data.count > IN_VIEW_MAX) {
      return interpolate(ngettext(
        "%(count)s asset in beeld. Klik op een punt, of kies uit de %(shown)s dichtst bij het midden hieronder.",
        "%(count)s assets in beeld. Klik op een punt, of kies uit de %(shown)s dichtst bij het midden hieronder.",
        data.count), counts, true);
    }
    return interpolate(ngettext("%(count)s asset in beeld. Klik op een punt of kies hieronder.",
                                "%(count)s assets in beeld. Klik op een punt of kies hieronder.", data.count),
                       counts, true);
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
          showList(data.points);
          el.dataset.drawn = String(data.points.length);
          setStatus(pointsStatus(data));
        } else {
          drawClusters(data.clusters);
          showList(null);
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
  if (cfg.focus) { openAsset(cfg.focus); }
  Wijkwerk.assetMap = { map: map, open: openAsset };
  window.wijkwerkMap = map; // handy for debugging and browser tests
})();
