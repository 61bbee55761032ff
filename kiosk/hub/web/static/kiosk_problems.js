// The dashboard's kiosk boxes (silent kiosks, printer problems), fetched again every data-poll-s seconds
// so an open dashboard shows a kiosk that stops reporting without a reload.
"use strict";
(function () {
  const box = document.getElementById("kiosk-problems");
  if (!box) return;
  const every = Math.max(0.2, parseFloat(box.dataset.pollS) || 60) * 1000;
  async function refresh() {
    try {
      const resp = await fetch("/kiosk-problems", {credentials: "same-origin", cache: "no-store"});
      if (resp.ok) box.innerHTML = await resp.text();
    } catch (e) {
      // the hub is away: the dashboard's own banner says so; try again next time
    }
  }
  setInterval(refresh, every);
})();
