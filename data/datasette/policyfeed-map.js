/* policyfeed's map of the exemptions in force (data/datasette/templates/policyfeed_map.html, served by
   scraper/datasette_map.py). Everything it draws comes from the Datasette that served the page: the
   outlines shipped with policyfeed (/-/outlines/*.geojson), the data in the page (#pf-map-config), and
   Leaflet from datasette-leaflet. Map tiles are an optional layer, off at first: the page is whole
   without the network. Each outline's SVG path carries its classes (pf-outline, pf-prefecture or
   pf-province, pf-in-force, pf-nationwide), each marker pf-marker. */
(function () {
  "use strict";

  /* the whole country (mainland and Hainan) in the first view: [[south, west], [north, east]] */
  var CHINA = [[18.0, 73.5], [53.6, 135.1]];
  var ZOOM = {min: 3, max: 12, snap: 0.25};
  /* where exemptions for some regions are in force, the view closes in on them, but not beyond this
     zoom (a province and its neighbours) */
  var FOCUS = {maxZoom: 5, padding: [30, 30]};
  var COLOURS = {
    land: "#f7f5ee", sea: "#dfe9f0", prefectureLine: "#a3abb3", provinceLine: "#56616b",
    inForce: "#d9482b", nationwide: "#f2c46d", marker: "#1d3b53"
  };
  var LINE_WEIGHT = {prefecture: 0.6, province: 1.3};
  var FILL = {inForce: 0.55, nationwide: 0.45};
  var MARKER_RADIUS = 5;

  var element = document.getElementById("pf-map");
  var configElement = document.getElementById("pf-map-config");
  if (!element || !configElement || !element.dataset.leaflet) {
    return;
  }
  var L;  /* Leaflet, once loaded (datasette-leaflet serves it as an ES module, which also sets window.L) */
  var config = JSON.parse(configElement.textContent);
  var data = config.data;
  var byNumber = {};
  data.exemptions.forEach(function (e) { byNumber[e.n] = e; });
  var nationwide = data.nationwide.length > 0;
  var tilesShown = false;

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  /* an exemption as a line of a popup: its number, the announcement's title (a link), until when */
  function exemptionLine(n, prefix) {
    var e = byNumber[n];
    var title = e.link ? '<a href="' + escapeHtml(e.link) + '">' + escapeHtml(e.title) + "</a>" : escapeHtml(e.title);
    return "<li>" + n + ". " + (prefix || "") + title + " <small>until " + escapeHtml(e.until) + "</small></li>";
  }

  /* a region's popup: the exemptions in force there, its own first, then the nationwide ones */
  function popupHtml(name, numbers) {
    var own = numbers.filter(function (n) { return data.nationwide.indexOf(n) < 0; });
    var lines = own.map(function (n) { return exemptionLine(n); }).concat(
      data.nationwide.map(function (n) { return exemptionLine(n, "全国: "); }));
    var head = "<strong>" + escapeHtml(name) + "</strong>";
    if (!lines.length) {
      return head + "<br>No exemption in force.";
    }
    return head + '<ul class="pf-popup-list">' + lines.join("") + "</ul>";
  }

  function shadedBy(feature) {
    return data.shaded[feature.properties.code] || [];
  }

  function fillOf(feature) {
    if (shadedBy(feature).length) {
      return {fillColor: COLOURS.inForce, fillOpacity: FILL.inForce};
    }
    if (nationwide) {
      return {fillColor: COLOURS.nationwide, fillOpacity: FILL.nationwide};
    }
    return {fillColor: COLOURS.land, fillOpacity: tilesShown ? 0 : 1};
  }

  function prefectureStyle(feature) {
    var classes = ["pf-outline", "pf-prefecture"];
    if (shadedBy(feature).length) { classes.push("pf-in-force"); }
    if (nationwide) { classes.push("pf-nationwide"); }
    var style = {color: COLOURS.prefectureLine, weight: LINE_WEIGHT.prefecture, className: classes.join(" ")};
    return L.Util.extend(style, fillOf(feature));
  }

  function provinceStyle() {
    return {color: COLOURS.provinceLine, weight: LINE_WEIGHT.province, fill: false,
            className: "pf-outline pf-province"};
  }

  function markerLayer(points) {
    return L.geoJSON(points, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {radius: MARKER_RADIUS, color: "#fff", weight: 1.5,
                                       fillColor: COLOURS.marker, fillOpacity: 0.9, className: "pf-marker"});
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(popupHtml(feature.properties.name, feature.properties.exemptions));
      }
    });
  }

  function legend() {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "pf-legend");
      var rows = [
        ['<span class="pf-swatch" style="background:' + COLOURS.inForce + '"></span>',
         "exemption in force (the region, its prefecture or its province)"],
        ['<span class="pf-swatch pf-dot" style="background:' + COLOURS.marker + '"></span>',
         "region an exemption names (click for the announcement)"]
      ];
      if (nationwide) {
        rows.push(['<span class="pf-swatch" style="background:' + COLOURS.nationwide + '"></span>',
                   "nationwide exemption in force (全国): everywhere"]);
      }
      var heading = data.notice ? "" : "<strong>In force at " + escapeHtml(data.moment) + "</strong>";
      div.innerHTML = heading + rows.map(function (r) {
        return "<div>" + r[0] + " " + r[1] + "</div>";
      }).join("");
      return div;
    };
    return control;
  }

  function getJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
      return response.json();
    });
  }

  function showError(error) {
    var note = document.createElement("p");
    note.className = "pf-map-error";
    note.textContent = "The map could not be drawn: " + error.message;
    element.appendChild(note);
  }

  function draw(outlines) {
    var map = L.map(element, {minZoom: ZOOM.min, maxZoom: ZOOM.max, zoomSnap: ZOOM.snap});
    element.style.background = COLOURS.sea;
    map.fitBounds(CHINA);
    var tiles = L.tileLayer(config.tiles.url, {attribution: config.tiles.attribution, maxZoom: ZOOM.max});
    var prefectures = L.geoJSON(outlines[0], {
      style: prefectureStyle,
      onEachFeature: function (feature, layer) {
        layer.bindPopup(popupHtml(feature.properties.name, shadedBy(feature)));
      }
    }).addTo(map);
    var provinces = L.geoJSON(outlines[1], {style: provinceStyle, interactive: false}).addTo(map);
    var markers = markerLayer(data.markers).addTo(map);
    L.control.layers(null, {
      "Prefectures (shaded where in force)": prefectures,
      "Province borders": provinces,
      "Regions named (markers)": markers,
      "Map tiles from openstreetmap.org (needs internet)": tiles
    }, {collapsed: false}).addTo(map);
    legend().addTo(map);
    map.on("overlayadd overlayremove", function (event) {
      if (event.layer === tiles) {
        tilesShown = map.hasLayer(tiles);
        prefectures.setStyle(prefectureStyle);
      }
    });
    focus(map, prefectures);
    element.classList.add("pf-map-ready");
  }

  /* close in on the shaded outlines and markers (not for a nationwide exemption alone) */
  function focus(map, prefectures) {
    var bounds = L.latLngBounds([]);
    prefectures.eachLayer(function (layer) {
      if (shadedBy(layer.feature).length) { bounds.extend(layer.getBounds()); }
    });
    data.markers.features.forEach(function (f) {
      bounds.extend([f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, {maxZoom: FOCUS.maxZoom, padding: FOCUS.padding, animate: false});
    }
  }

  Promise.all([import(element.dataset.leaflet), getJson(config.outlines.prefecture),
               getJson(config.outlines.province)]).then(function (loaded) {
    L = window.L || loaded[0];
    draw([loaded[1], loaded[2]]);
  }).catch(showError);
})();
