/* The map's search box (#map-search): while the user types, the first matches appear below it as
 * buttons; choosing one zooms the map to the asset and opens its popup (map.js,
 * Wijkwerk.assetMap.open). Enter searches at once; with one match it is chosen. Without JavaScript
 * the form goes to the results page. */
(function () {
  "use strict";

  var form = document.getElementById("map-search");
  var input = document.getElementById("map-search-input");
  var list = document.getElementById("map-search-results");
  var status = document.getElementById("map-search-status");
  var configEl = document.getElementById("map-config");
  if (!form || !input || !list || !configEl || !window.fetch) { return; }
  var cfg = JSON.parse(configEl.textContent);
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (m, k) { return String(o[k]); });
  };
  var MIN_LENGTH = 2;
  var timer = null;
  var pending = null;
  var asked = "";

  function say(text) { if (status) { status.textContent = text; } }

  function clear() {
    list.textContent = "";
    list.hidden = true;
  }

  function choose(item) {
    clear();
    var assetMap = window.Wijkwerk && Wijkwerk.assetMap;
    if (!assetMap) { window.location.href = item.url; return; }
    say(interpolate(gettext("%(label)s %(name)s op de kaart geopend."), { label: item.label, name: item.external_id }, true));
    assetMap.open(item, { zoom: 19, focus: true });
  }

  function button(item) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "pick";
    b.dataset.asset = String(item.id);
    var dot = document.createElement("span");
    dot.className = "legend__dot";
    dot.style.background = (cfg.colours && cfg.colours[item.type]) || cfg.fallbackColour;
    dot.setAttribute("aria-hidden", "true");
    var text = document.createElement("span");
    text.className = "pick__text";
    var main = document.createElement("span");
    main.textContent = item.label + " " + item.external_id;
    var meta = document.createElement("span");
    meta.className = "pick__meta";
    meta.textContent = [item.address, item.buurt].filter(Boolean).join(" · ");
    text.appendChild(main);
    if (meta.textContent) { text.appendChild(meta); }
    b.appendChild(dot);
    b.appendChild(text);
    b.addEventListener("click", function () { choose(item); });
    return b;
  }

  function show(query, data, chooseSingle) {
    list.textContent = "";
    if (!data.results.length) {
      list.hidden = true;
      say(interpolate(gettext("Niets gevonden voor ‘%(query)s’."), { query: query }, true));
      return;
    }
    if (chooseSingle && data.results.length === 1 && !data.more) { choose(data.results[0]); return; }
    data.results.forEach(function (item) {
      var li = document.createElement("li");
      li.appendChild(button(item));
      list.appendChild(li);
    });
    if (data.more) {
      var li = document.createElement("li");
      var all = document.createElement("a");
      all.className = "map-search__all";
      all.href = cfg.searchPage + "?q=" + encodeURIComponent(query);
      all.textContent = gettext("Alle resultaten");
      li.appendChild(all);
      list.appendChild(li);
    }
    list.hidden = false;
    var n = data.results.length;
    say(interpolate(data.more ?
      gettext("Meer dan %(count)s assets gevonden; de eerste %(count)s staan onder het zoekveld.") :
      ngettext("%(count)s asset gevonden; kies hem onder het zoekveld.",
               "%(count)s assets gevonden; kies er een onder het zoekveld.", n), { count: n }, true));
  }

  function search(chooseSingle) {
    var query = input.value.trim();
    if (query.length < MIN_LENGTH) { clear(); asked = ""; return; }
    if (query === asked && !chooseSingle) { return; }
    asked = query;
    if (pending) { pending.abort(); }
    pending = new AbortController();
    form.setAttribute("aria-busy", "true");
    fetch(cfg.searchUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin", signal: pending.signal })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) { form.removeAttribute("aria-busy"); show(query, data, chooseSingle); })
      .catch(function (err) {
        if (err && err.name === "AbortError") { return; }
        form.removeAttribute("aria-busy");
        asked = "";
        say(gettext("Zoeken lukte niet. Probeer het opnieuw."));
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(false); }, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
    if (event.key === "ArrowDown" && !list.hidden) {
      var first = list.querySelector("button, a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var items = Array.prototype.slice.call(list.querySelectorAll("button, a"));
    var i = items.indexOf(document.activeElement);
    if (i < 0) { return; }
    event.preventDefault();
    if (event.key === "ArrowUp" && i === 0) { input.focus(); return; }
    var next = items[Math.min(Math.max(i + (event.key === "ArrowDown" ? 1 : -1), 0), items.length - 1)];
    next.focus();
  });
  form.addEventListener("submit", function (event) {
    if (input.value.trim().length < MIN_LENGTH) { return; }  // the results page says what to do
    event.preventDefault();
    clearTimeout(timer);
    search(true);
  });
})();
