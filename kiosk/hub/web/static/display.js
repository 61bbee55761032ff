// Public call display (TV): polls /api/display every 2 s (FQM's proven rhythm; survives hub restarts with
// nothing to reconnect), shows ticket numbers only. For each new call it chimes, then says « Numéro P 7 »
// with the WAV the hub makes offline (/display/call.wav). Browsers allow sound only after a tap, so
// « Activer le son » is touched once; until then the display stays silent.
"use strict";
(function () {
  const main = document.querySelector("main.display");
  const feed = main.dataset.feed;
  let seen = null;
  let said = new Set(); // calls already announced (ticket, call time and « Rappeler » presses)
  let audio = null; // the AudioContext, once « Activer le son » was touched
  let queue = Promise.resolve();

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
    // Two notes (660 Hz, 880 Hz); resolves when they are over.
    for (const [i, f] of [[0, 660], [1, 880]]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      const at = audio.currentTime + i * 0.35;
      osc.frequency.value = f;
      gain.gain.setValueAtTime(0.2, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.32);
    }
    return new Promise((done) => setTimeout(done, 800));
  }

  async function say(ticket) {
    const url = main.dataset.audio + encodeURIComponent(ticket);
    main.dataset.lastAudio = url;
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(String(resp.status));
    const sound = await audio.decodeAudioData(await resp.arrayBuffer());
    const source = audio.createBufferSource();
    source.buffer = sound;
    source.connect(audio.destination);
    source.start();
    main.dataset.spoken = (main.dataset.spoken ? main.dataset.spoken + "," : "") + ticket;
    main.dataset.spokenSeconds = sound.duration.toFixed(2);
    await new Promise((done) => { source.onended = done; setTimeout(done, sound.duration * 1000 + 500); });
  }

  function announce(ticket) {
    if (!audio) return;
    queue = queue.then(chime).then(() => say(ticket)).catch(() => {
      /* no voice on this hub or no sound here: the number on screen is enough */
    });
  }

  function soundOn(ctx) {
    audio = ctx;
    document.getElementById("sound-on").hidden = true;
    document.getElementById("sound-state").hidden = false;
  }

  document.getElementById("sound-on").addEventListener("click", () => {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      ctx.resume();
      soundOn(ctx);
      queue = queue.then(chime); // what a call sounds like
    } catch (err) { /* no sound on this screen: the numbers are enough */ }
  });

  try { // a TV browser set to allow sound without a tap needs no button
    const ctx = new (window.AudioContext || window.webkitAudioContext)();
    if (ctx.state === "running") soundOn(ctx); else ctx.close();
  } catch (err) { /* no Web Audio */ }

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
      const key = (c) => c.ticket + "@" + c.called_at + "#" + (c.recall_count || 0);
      const calls = d.current.map(key);
      if (seen !== null) {
        for (const c of d.current.slice().reverse()) { // oldest first
          if (!said.has(key(c))) announce(c.ticket);
        }
      }
      said = new Set(calls);
      seen = calls.join(",");
      document.getElementById("lost").hidden = true;
    } catch (err) {
      document.getElementById("lost").hidden = false;
    }
  }

  tick();
  setInterval(tick, 2000);
})();
