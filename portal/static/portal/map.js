/* Progressive enhancement of the public map: Leaflet draws the districts and the cases, with
   no tile layer. Without script (or if anything fails) the server-rendered SVG stays. */
(function () {
  "use strict";
  var box = document.getElementById("leaflet-map");
  if (!box || typeof window.L === "undefined" || !window.fetch) { return; }
  var L = window.L;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  function popup(props) {
    var wrap = document.createElement("div");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.title;
    var meta = document.createElement("div");
    meta.textContent = props.reference + " · " + props.status_text;
    wrap.appendChild(link);
    wrap.appendChild(meta);
    return wrap;
  }

  Promise.all([getJSON(box.dataset.districts), getJSON(box.dataset.cases)]).then(function (data) {
    box.hidden = false;
    var map = L.map(box, { attributionControl: false, zoomSnap: 0.25 });
    var lang = document.documentElement.lang;
    var districts = L.geoJSON(data[0], {
      style: function () { return { color: "#5b6770", weight: 1.5, fillColor: "#e3efe9", fillOpacity: 0.8 }; },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(lang === "en" ? p.name_en : p.name, { permanent: true, direction: "center", className: "district-label" });
      }
    }).addTo(map);
    L.geoJSON(data[1], {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 2, fillColor: "#b3261e", fillOpacity: 0.9 });
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(popup(feature.properties)); }
    }).addTo(map);
    map.fitBounds(districts.getBounds(), { padding: [8, 8] });
    var svg = document.getElementById("svg-map");
    if (svg) { svg.hidden = true; }
  }).catch(function () { box.hidden = true; });
}());
