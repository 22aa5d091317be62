/* Map of initiatives or the neighbourhood's strengths on the public pages: points from the JSON in
   #community-map-config ({tileUrl, tileAttribution, points: [{lat, lon, title, url?}]}). The list
   next to the map holds the same content (the map is an extra, not the only way). */
(function () {
  "use strict";
  var el = document.getElementById("community-map");
  var cfgEl = document.getElementById("community-map-config");
  if (!el || !cfgEl || typeof L === "undefined" || !window.Wijkwerk) { return; }
  var cfg = JSON.parse(cfgEl.textContent);
  var map = Wijkwerk.baseMap(el, cfg, { scrollWheelZoom: false, noteId: "tile-note" });
  var bounds = [];
  (cfg.points || []).forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], { radius: 8, color: "#ffffff", weight: 2, fillColor: "#0b5d4b", fillOpacity: 1 })
      .addTo(map);
    var text = Wijkwerk.esc(p.title);
    marker.bindPopup(p.url ? '<a href="' + Wijkwerk.esc(p.url) + '">' + text + "</a>" : text);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { maxZoom: 17, padding: [20, 20] }); } else { map.setView([52.1, 5.2], 7); }
  el.dataset.ready = "true";
})();
