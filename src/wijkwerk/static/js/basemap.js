/* Shared map set-up for every Wijkwerk map: a Leaflet map on the configured base map.
 * The base map may fail to load (no internet, blocked tiles): after a few tile errors the map
 * gets the class `map--no-tiles` (a plain background) and the optional note element is shown;
 * whatever the page draws on top keeps working.
 *
 *   var map = Wijkwerk.baseMap(el, cfg, { scrollWheelZoom: false, noteId: "tile-note" });
 *   Wijkwerk.esc(text)  -> text safe to put in a popup
 */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function baseMap(el, cfg, options) {
    options = options || {};
    var map = L.map(el, {
      preferCanvas: true, minZoom: options.minZoom || 5, maxZoom: 21,
      scrollWheelZoom: options.scrollWheelZoom !== false
    });
    map.attributionControl.setPrefix(false);
    if (cfg.tileUrl) {
      var errors = 0;
      L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution, maxNativeZoom: 19, maxZoom: 21 })
        .on("tileerror", function () {
          errors += 1;
          if (errors === 3) {
            el.classList.add("map--no-tiles");
            var note = options.noteId && document.getElementById(options.noteId);
            if (note) { note.hidden = false; }
          }
        })
        .addTo(map);
    }
    return map;
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  window.Wijkwerk = { baseMap: baseMap, esc: esc };
})();
