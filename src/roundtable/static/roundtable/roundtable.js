// Tell the server the viewer's time zone so times are shown in it (no account setting needed).
(function () {
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && document.cookie.indexOf("roundtable_tz=" + tz) === -1) {
      document.cookie = "roundtable_tz=" + tz + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* old browser: times stay in UTC */ }
})();

// Agenda editor: add, move and remove blocks; the voice budget listens for "agenda-changed".
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-agenda]");
  if (!button) return;
  var rows = document.getElementById("agenda-rows");
  if (!rows) return;
  var action = button.getAttribute("data-agenda");
  var row = button.closest("tr");
  if (action === "add") {
    var template = document.getElementById("agenda-row-template");
    var fresh = template.content.firstElementChild.cloneNode(true);
    rows.appendChild(fresh);
    fresh.querySelector("input").focus();
  } else if (action === "remove" && row) {
    row.remove();
  } else if (action === "up" && row && row.previousElementSibling) {
    rows.insertBefore(row, row.previousElementSibling);
  } else if (action === "down" && row && row.nextElementSibling) {
    rows.insertBefore(row.nextElementSibling, row);
  } else {
    return;
  }
  document.body.dispatchEvent(new Event("agenda-changed"));
});
