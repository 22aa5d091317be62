/* Reports: the public map (choose the place; shows open reports of the same category nearby) and
 * the staff's triage map (markers of the listed reports). Without JavaScript or tiles, the address
 * field and the lists do the same work. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var cfgEl = document.getElementById("report-map-config");
  var el = document.getElementById("report-map");
  if (!cfgEl || !el || !window.Wijkwerk) { return; }
  var cfg = JSON.parse(cfgEl.textContent);
  var map = Wijkwerk.baseMap(el, cfg, { scrollWheelZoom: false, noteId: "tile-note" });

  if (cfg.points) {  // staff triage map
    var bounds = [];
    cfg.points.forEach(function (p) {
      var url = cfg.baseUrl + encodeURIComponent(p.number) + "/";
      L.circleMarker([p.lat, p.lon], { radius: 7, color: "#0b5d4b", weight: 2, fillOpacity: 0.6 })
        .bindPopup('<a href="' + Wijkwerk.esc(url) + '">' + Wijkwerk.esc(p.number) + "</a><br>" +
                   Wijkwerk.esc(p.category) + "<br>" + Wijkwerk.esc(p.status))
        .addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, { maxZoom: 17, padding: [20, 20] }); }
    else { map.setView([52.1, 5.3], 7); }
    return;
  }

  var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon");
  var category = document.getElementById("id_category");
  var status = document.getElementById("place-chosen"), nearby = document.getElementById("nearby");
  var centre = document.getElementById("map-centre");
  var marker = null;

  function place(latlng, quiet) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { keyboard: false }).addTo(map); }
    if (!quiet) { status.textContent = gettext("Er is een plaats gekozen."); }
    check();
  }

  function check() {
    if (!category.value || !lat.value || !lon.value) { return; }
    var url = cfg.nearbyUrl + "?categorie=" + encodeURIComponent(category.value) +
      "&lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
    fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); })
      .then(function (data) {
        var reports = data.reports || [];
        if (!reports.length) {
          nearby.innerHTML = "<p>" + Wijkwerk.esc(gettext("Er is in de buurt nog geen open melding van deze soort.")) + "</p>";
          return;
        }
        var html = "<h2>" + Wijkwerk.esc(gettext("Al gemeld? Volg die melding")) + "</h2><ul class=\"report-nearby\">";
        reports.forEach(function (r) {
          html += "<li><strong>" + Wijkwerk.esc(r.number) + "</strong> · " + Wijkwerk.esc(r.status) +
            " · " + Wijkwerk.esc(r.date) + " (" + Wijkwerk.esc(r.distance) + " m)</li>";
        });
        nearby.innerHTML = html + "</ul>";
      }).catch(function () { /* the check button still works */ });
  }

  if (lat.value && lon.value) {
    var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    map.setView(start, 18);
    marker = L.marker(start, { keyboard: false }).addTo(map);
  } else if (cfg.centre) {
    map.setView(cfg.centre, 15);
  } else {
    map.setView([52.1, 5.3], 7);
  }
  map.on("click", function (e) { place(e.latlng); });
  centre.hidden = false;
  centre.addEventListener("click", function () { place(map.getCenter()); });
  category.addEventListener("change", check);
})();
