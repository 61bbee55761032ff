// Public call display (TV): polls /api/display every 2 s (FQM's proven rhythm; survives hub restarts with
// nothing to reconnect), shows ticket numbers only, and chimes once for each new call.
"use strict";
(function () {
  const main = document.querySelector("main.display");
  const feed = main.dataset.feed;
  let seen = null;

  function items(list, id) {
    const box = document.getElementById(id);
    box.replaceChildren(...list.map((c) => {
      const li = document.createElement("li");
      li.textContent = c.ticket;
      li.dataset.ticket = c.ticket;
      return li;
    }));
  }

  function chime() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      for (const [i, f] of [[0, 660], [1, 880]]) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = f;
        gain.gain.setValueAtTime(0.2, ctx.currentTime + i * 0.35);
        gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.35 + 0.3);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + i * 0.35);
        osc.stop(ctx.currentTime + i * 0.35 + 0.32);
      }
    } catch (err) { /* no sound on this screen: the numbers are enough */ }
  }

  async function tick() {
    try {
      const resp = await fetch(feed, {cache: "no-store"});
      if (!resp.ok) throw new Error(String(resp.status));
      const d = await resp.json();
      items(d.current, "called");
      items(d.recent, "recent");
      document.getElementById("nobody").hidden = d.current.length > 0;
      const away = document.getElementById("away");
      away.textContent = d.away_message;
      away.hidden = !d.away_message;
      document.getElementById("waiting").textContent = d.waiting ? main.dataset.waitingLabel || "" : "";
      const key = d.current.map((c) => c.ticket + c.called_at).join(",");
      if (seen !== null && key && key !== seen) chime();
      seen = key;
      document.getElementById("lost").hidden = true;
    } catch (err) {
      document.getElementById("lost").hidden = false;
    }
  }

  tick();
  setInterval(tick, 2000);
})();
