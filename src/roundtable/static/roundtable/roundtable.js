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

// Behaviour asked for by markup. The Content-Security-Policy forbids inline handlers (onclick=…)
// and inline scripts without a nonce, so templates mark elements with data attributes instead:
//   data-select-on-click   a read-only field whose text is selected when clicked (links to copy)
//   data-print             a button or link that prints the page
//   data-submit-on-change  a select whose form is sent when it changes
//   data-confirm="…"       a form that asks this question before it is sent
//   data-no-submit         a form that is never sent (htmx handles its input)
//   data-submit-once       a form whose button is disabled once it is sent (no double answer)
//   data-change-stays      a field whose change event does not reach its form's htmx trigger
//   data-browser-timezone  a time zone select prefilled from the browser when left empty
document.addEventListener("click", function (event) {
  var field = event.target.closest("[data-select-on-click]");
  if (field) field.select();
  if (event.target.closest("[data-print]")) { event.preventDefault(); window.print(); }
});
document.addEventListener("change", function (event) {
  var select = event.target.closest("[data-submit-on-change]");
  if (select && select.form) select.form.submit();
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.hasAttribute("data-no-submit")) { event.preventDefault(); return; }
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
  if (form.hasAttribute("data-submit-once")) {
    var button = form.querySelector("button");
    if (button) setTimeout(function () { button.disabled = true; }, 0);
  }
});
// Bound on each element (also those htmx swaps in): stopping the event on the element itself
// lets the element's own htmx request run and keeps the form's request from running too.
function keepChangesLocal(root) {
  Array.prototype.forEach.call(root.querySelectorAll("[data-change-stays]"), function (field) {
    if (field.dataset.changeStaysBound) return;
    field.dataset.changeStaysBound = "1";
    field.addEventListener("change", function (event) { event.stopPropagation(); });
  });
}
if (window.htmx) htmx.onLoad(keepChangesLocal);
else document.addEventListener("DOMContentLoaded", function () { keepChangesLocal(document); });

(function () {
  var select = document.querySelector("[data-browser-timezone]");
  if (!select || select.value) return;
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz) select.value = tz;
  } catch (e) { /* old browser: the visitor chooses */ }
})();

// A public activity page: show the time in the visitor's own zone, read from their browser.
(function () {
  var el = document.querySelector(".your-time"); if (!el || !window.Intl) return;
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === el.dataset.zone) { el.textContent = ""; return; }
    var start = new Date(el.dataset.start), end = new Date(el.dataset.end);
    var day = new Intl.DateTimeFormat(undefined, {weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false}).format(start);
    var until = new Intl.DateTimeFormat(undefined, {hour: "2-digit", minute: "2-digit", hour12: false}).format(end);
    el.textContent = day + "–" + until + " your time (" + zone + ")";
  } catch (e) { /* old browser: the activity's own zone is shown */ }
})();
