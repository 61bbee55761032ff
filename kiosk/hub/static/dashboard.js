// Advisor dashboard: renders the queue, follows /api/events (SSE) and posts actions with the CSRF header.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("initial-data").textContent);
  const L = data.labels;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const OPEN = new Set(["waiting", "called", "in_progress"]);
  const PRIMARY = {waiting: "call", called: "start", in_progress: "done"};
  const requests = new Map();
  let lastId = data.last_event_id;
  let source = null;
  let retryTimer = null;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function minutesSince(iso) {
    return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
  }

  function sinceText(r) {
    if (r.status === "called") return L.called_since.replace("{n}", minutesSince(r.called_at || r.created_at));
    if (r.status === "in_progress") return L.started_since.replace("{n}", minutesSince(r.started_at || r.created_at));
    return L.waiting_since.replace("{n}", minutesSince(r.created_at));
  }

  function card(r) {
    const li = el("li", "card status-" + r.status);
    li.dataset.id = r.id;
    li.dataset.status = r.status;
    li.dataset.ticket = r.ticket;
    const head = el("div", "card-head");
    head.append(el("span", "ticket", r.ticket), el("span", "topic", r.topic_label));
    li.append(head);
    if (r.first_name) li.append(el("p", "name", r.first_name));
    if (r.needs && r.needs.length) {
      const needs = el("ul", "needs");
      for (const n of r.needs) needs.append(el("li", "need", L.needs[n] || n));
      li.append(needs);
    }
    li.append(el("p", "since", sinceText(r)));
    const actions = el("div", "actions");
    for (const a of data.buttons[r.status] || []) {
      const b = el("button", (PRIMARY[r.status] === a ? "primary" : "secondary") + " action-" + a, L.actions[a]);
      b.type = "button";
      b.dataset.action = a;
      b.dataset.id = r.id;
      actions.append(b);
    }
    li.append(actions);
    return li;
  }

  function fill(name, list) {
    document.getElementById(name).replaceChildren(...list.map(card));
    document.getElementById("empty-" + name).hidden = list.length > 0;
    document.getElementById("count-" + name).textContent = list.length ? "(" + list.length + ")" : "";
  }

  function render() {
    const current = [];
    const waiting = [];
    for (const r of [...requests.values()].sort((a, b) => a.id - b.id)) {
      (r.status === "waiting" ? waiting : current).push(r);
    }
    fill("current", current);
    fill("waiting", waiting);
  }

  function upsert(r) {
    if (OPEN.has(r.status)) requests.set(r.id, r);
    else requests.delete(r.id);
  }

  function notice(text) {
    const box = document.getElementById("notice");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function banner(show) {
    document.getElementById("banner").hidden = !show;
  }

  async function resync() {
    const resp = await fetch("/api/help-requests?status=open", {credentials: "same-origin"});
    if (resp.status === 401) { window.location.assign("/login"); return; }
    if (!resp.ok) return;
    requests.clear();
    for (const r of await resp.json()) upsert(r);
    render();
  }

  function connect() {
    source = new EventSource("/api/events?last_event_id=" + lastId);
    source.addEventListener("open", () => banner(false));
    source.addEventListener("help_request", (ev) => {
      if (ev.lastEventId) lastId = Number(ev.lastEventId);
      upsert(JSON.parse(ev.data));
      render();
    });
    source.addEventListener("reset", () => { resync().catch(() => {}); });
    source.addEventListener("error", () => {
      banner(true);
      if (source.readyState === EventSource.CLOSED) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => { resync().then(connect, connect); }, 3000);
      }
    });
  }

  document.addEventListener("click", async (ev) => {
    const button = ev.target.closest("button[data-action]");
    if (!button) return;
    const buttons = button.closest(".actions").querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const resp = await fetch("/api/help-requests/" + button.dataset.id + "/" + button.dataset.action, {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRF-Token": csrf, "Accept": "application/json"},
      });
      if (resp.status === 401) { window.location.assign("/login"); return; }
      const body = await resp.json().catch(() => ({}));
      if (resp.ok) {
        notice("");
        upsert(body);
        render();
        return;
      }
      notice(typeof body.detail === "string" ? body.detail : L.refused);
      if (resp.status === 409) await resync();
    } catch (err) {
      notice(L.lost);
    }
    buttons.forEach((b) => { b.disabled = false; });
  });

  setInterval(() => {
    for (const li of document.querySelectorAll("li.card")) {
      const r = requests.get(Number(li.dataset.id));
      if (r) li.querySelector(".since").textContent = sinceText(r);
    }
  }, 15000);

  for (const r of data.requests) upsert(r);
  render();
  connect();
})();
