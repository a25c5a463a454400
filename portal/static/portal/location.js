// "Use my location": fills latitude and longitude from the browser, if the visitor allows it.
// The form works without this script.
(function () {
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  if (!button || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(6);
      document.getElementById("lon").value = position.coords.longitude.toFixed(6);
      status.textContent = "✓";
    }, function (error) {
      status.textContent = error.message;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
