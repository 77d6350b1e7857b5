// Progressive enhancement of the feedback form: fill the coordinates from the device. Without
// JavaScript (or without geolocation) the button stays hidden and the fields are typed by hand.
// The status texts come translated in the data-* attributes of #use-location. A static file
// rather than an inline script: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var box = document.getElementById("use-location");
  if (!box || !("geolocation" in navigator)) {
    return;
  }
  var status = document.getElementById("use-location-status");
  box.hidden = false;
  document.getElementById("use-location-button").addEventListener("click", function () {
    status.textContent = box.dataset.finding;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("id_lat").value = position.coords.latitude.toFixed(6);
        document.getElementById("id_long").value = position.coords.longitude.toFixed(6);
        status.textContent = box.dataset.found;
      },
      function () {
        status.textContent = box.dataset.failed;
      }
    );
  });
})();
