// Advisor dashboard, second half: presence (« Je m'absente » until a time, « Je suis de retour »), the
// redirect dialog (another site or advisor) and the CRA dialog shown after « Terminé » (one tap to validate).
"use strict";
(function () {
  const D = window.Dashboard;
  const data = D.data;
  const L = D.labels;
  const cra = data.cra;

  // -- presence -------------------------------------------------------------------------------------
  const presence = document.getElementById("presence");
  const pauseButton = document.getElementById("pause");
  const resumeButton = document.getElementById("resume");
  const until = document.getElementById("until");

  const estimate = document.getElementById("estimate");

  // The wait a kiosk would announce now, and how many advisors it is shared by (hub rule: the site's
  // advisors with a dashboard open or who served in the last 30 minutes).
  function showEstimate(q) {
    const n = Math.max(1, q.advisors || 1);
    const [low, high] = q.wait_minutes || [0, 0];
    estimate.textContent = high === 0 ? L.estimate_none : (n === 1 ? L.estimate_one : L.estimate_many)
      .replace("{low}", low).replace("{high}", high).replace("{n}", n);
  }

  function showQueue(q) {
    showEstimate(q);
    presence.textContent = q.away ? q.away_message : "";
    presence.hidden = !q.away;
    presence.classList.toggle("away", q.away);
    resumeButton.hidden = !q.away;
    pauseButton.hidden = q.away;
    until.disabled = q.away;
  }

  document.getElementById("pause-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const payload = {site: data.site_id};
    if (until.value) payload.until = until.value;
    const [ok, body] = await D.send("POST", "/api/queue/pause", payload);
    if (ok) showQueue(body);
  });
  resumeButton.addEventListener("click", async () => {
    const [ok, body] = await D.send("POST", "/api/queue/resume", {site: data.site_id});
    if (ok) showQueue(body);
  });

  // -- redirect ---------------------------------------------------------------------------------------
  const redirectDialog = document.getElementById("redirect-dialog");
  let redirectId = null;

  function openRedirect(id, ticket) {
    redirectId = id;
    document.getElementById("redirect-ticket").textContent = ticket || "";
    redirectDialog.showModal();
  }

  redirectDialog.addEventListener("close", async () => {
    if (redirectDialog.returnValue !== "ok" || redirectId === null) return;
    const payload = {};
    const site = document.getElementById("redirect-site").value;
    const advisor = document.getElementById("redirect-advisor").value;
    if (site) payload.site = site;
    if (advisor) payload.advisor = advisor;
    await D.act(redirectId, "redirect", payload);
    redirectId = null;
  });

  // -- CRA (compte rendu d'activité) ------------------------------------------------------------------
  const craDialog = document.getElementById("cra-dialog");
  let craId = null;

  function fillSelect(select, options, value, empty) {
    select.replaceChildren();
    if (empty !== undefined) select.append(new Option(empty, ""));
    for (const [key, label] of Object.entries(options)) select.append(new Option(label, key));
    select.value = value || "";
  }

  function fillChecks(box, options, values) {
    box.replaceChildren();
    for (const [key, label] of Object.entries(options)) {
      const id = "cra-eq-" + key;
      const input = document.createElement("input");
      input.type = "checkbox";
      input.id = id;
      input.value = key;
      input.checked = values.includes(key);
      const lab = document.createElement("label");
      lab.htmlFor = id;
      lab.className = "check";
      lab.append(input, " " + label);
      box.append(lab);
    }
  }

  async function openCra(request) {
    const resp = await fetch("/api/help-requests/" + request.id + "/activity", {credentials: "same-origin"});
    if (!resp.ok) return;
    const a = await resp.json();
    craId = request.id;
    document.getElementById("cra-ticket").textContent = request.ticket;
    document.getElementById("cra-summary").textContent = a.day.split("-").reverse().join("/") + " · " + a.place;
    document.getElementById("cra-duration").value = a.duration_min;
    fillSelect(document.getElementById("cra-theme"), cra.themes, a.theme);
    fillChecks(document.getElementById("cra-equipment"), cra.equipment, a.equipment);
    fillSelect(document.getElementById("cra-autonomy"), cra.autonomy, a.autonomy, "—");
    fillSelect(document.getElementById("cra-redirection"), cra.redirections, a.redirection, "—");
    document.getElementById("cra-note").value = a.note;
    craDialog.showModal();
    document.getElementById("cra-save").focus();
  }

  craDialog.addEventListener("close", async () => {
    if (craDialog.returnValue !== "ok" || craId === null) return;
    const equipment = [...document.querySelectorAll("#cra-equipment input:checked")].map((i) => i.value);
    const payload = {
      duration_min: Number(document.getElementById("cra-duration").value) || 1,
      theme: document.getElementById("cra-theme").value,
      equipment,
      autonomy: document.getElementById("cra-autonomy").value,
      redirection: document.getElementById("cra-redirection").value,
      note: document.getElementById("cra-note").value,
    };
    const [ok] = await D.send("PUT", "/api/help-requests/" + craId + "/activity", payload);
    if (ok) D.notice(L.saved);
    craId = null;
  });

  D.openRedirect = openRedirect;
  D.openCra = openCra;
  D.onQueue = showQueue;
  showQueue(data.queue);
})();
