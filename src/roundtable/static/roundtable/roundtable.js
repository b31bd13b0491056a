// Tell the server the viewer's time zone so times are shown in it (no account setting needed).
(function () {
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && document.cookie.indexOf("roundtable_tz=" + tz) === -1) {
      document.cookie = "roundtable_tz=" + tz + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* old browser: times stay in UTC */ }
})();
