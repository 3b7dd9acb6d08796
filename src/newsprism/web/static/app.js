// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Story page: compare the two ticked sources.
  var button = document.getElementById("compare-picked");
  if (button) {
    button.addEventListener("click", function () {
      var picked = Array.prototype.map.call(document.querySelectorAll("input.pick:checked"), function (el) {
        return el.value;
      });
      if (picked.length !== 2) { button.textContent = "Tick exactly two sources"; return; }
      window.location.href = "/compare?a=" + encodeURIComponent(picked[0]) + "&b=" + encodeURIComponent(picked[1]);
    });
  }
  // Story page: a link to #f-ID opens that finding.
  function openTarget() {
    var id = window.location.hash.slice(1);
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  // Article page: show or hide each kind of highlight.
  var text = document.getElementById("article-text");
  var toggles = document.querySelectorAll("#toggles input[data-kind]");
  Array.prototype.forEach.call(toggles, function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });
  // Upload page: say that work is under way (processing can take a while).
  var form = document.querySelector("form.upload");
  if (form) {
    form.addEventListener("submit", function () {
      var b = document.getElementById("upload-button");
      b.disabled = true;
      b.textContent = "Processing\u2026";
    });
  }
})();
