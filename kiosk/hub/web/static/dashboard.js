// Advisor dashboard: renders one site's queue, follows /api/events (SSE) and posts actions with the CSRF
// header. console.js adds presence (pause), the redirect and CRA dialogs through window.Dashboard.
// An event carries the request it is about: its card is rebuilt, the others only move. The waiting order
// follows the hub's rule (kiosk.domain.queue_hours.queue_order); the wait for a new ticket is the hub's to
// say, so the page asks /api/queue once after a burst of events. The whole list is read again only
// when the stream cannot replay what was missed (reset, a closed stream) or an action was refused (409).
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("initial-data").textContent);
  const L = data.labels;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const OPEN = new Set(["waiting", "called", "in_progress"]);
  const PRIMARY = {waiting: "call", called: "start", in_progress: "done"};
  const SITE = data.site_id;
  const JUMP = data.priority_jump;
  const requests = new Map();
  const cards = new Map();
  let lastId = data.last_event_id;
  let source = null;
  let retryTimer = null;
  let queueTimer = null;

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
    if (r.priority) head.append(el("span", "badge priority", L.priority));
    li.append(head);
    if (r.first_name) li.append(el("p", "name", r.first_name));
    if (r.lesson_id) {
      const text = r.step_id ? L.lesson.replace("{lesson}", r.lesson_id).replace("{step}", r.step_id)
        : L.lesson_only.replace("{lesson}", r.lesson_id);
      li.append(el("p", "lesson", text));
    }
    if (r.assigned_to) li.append(el("p", "assigned", L.for_advisor.replace("{name}", r.assigned_to)));
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
      b.dataset.ticket = r.ticket;
      actions.append(b);
    }
    if (r.status === "waiting") {
      const p = el("button", "secondary action-priority", r.priority ? L.no_priority : L.make_priority);
      p.type = "button";
      p.dataset.action = "priority";
      p.dataset.id = r.id;
      p.dataset.priority = r.priority ? "false" : "true";
      actions.append(p);
    }
    li.append(actions);
    return li;
  }

  function fill(name, list) {
    document.getElementById(name).replaceChildren(...list.map((r) => cards.get(r.id)));
    document.getElementById("empty-" + name).hidden = list.length > 0;
    document.getElementById("count-" + name).textContent = list.length ? "(" + list.length + ")" : "";
  }

  function render() {
    const current = [];
    const waiting = [];
    for (const r of [...requests.values()].sort((a, b) => a.id - b.id)) {
      (r.status === "waiting" ? waiting : current).push(r);
    }
    // queue_order: arrival rank, a priority request sorting as rank - JUMP - 0.5.
    const key = new Map(waiting.map((r, rank) => [r.id, rank - (r.priority ? JUMP + 0.5 : 0)]));
    waiting.sort((a, b) => key.get(a.id) - key.get(b.id));
    fill("current", current);
    fill("waiting", waiting);
  }

  function upsert(r) {
    if (OPEN.has(r.status) && r.site_id === SITE) {
      requests.set(r.id, r);
      cards.set(r.id, card(r));
    } else {
      requests.delete(r.id);
      cards.delete(r.id);
    }
  }

  function notice(text) {
    const box = document.getElementById("notice");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function banner(show) {
    document.getElementById("banner").hidden = !show;
  }

  // The wait a new ticket would get changes with the queue and with who is on duty.
  async function refreshQueue() {
    const queue = await fetch("/api/queue?site=" + encodeURIComponent(SITE), {credentials: "same-origin"});
    if (queue.ok && window.Dashboard.onQueue) window.Dashboard.onQueue(await queue.json());
  }

  function queueChanged() {
    clearTimeout(queueTimer);
    queueTimer = setTimeout(() => { refreshQueue().catch(() => {}); }, 300);
  }

  async function resync() {
    const resp = await fetch("/api/help-requests?status=open&site=" + encodeURIComponent(SITE),
      {credentials: "same-origin"});
    if (resp.status === 401) { window.location.assign("/login"); return; }
    if (!resp.ok) return;
    requests.clear();
    cards.clear();
    for (const r of await resp.json()) upsert(r);
    render();
    await refreshQueue();
  }

  function connect() {
    source = new EventSource("/api/events?last_event_id=" + lastId);
    source.addEventListener("open", () => banner(false));
    source.addEventListener("help_request", (ev) => {
      if (ev.lastEventId) lastId = Number(ev.lastEventId);
      const r = JSON.parse(ev.data);
      const shown = requests.has(r.id);  // a request redirected elsewhere leaves this site's queue
      upsert(r);
      render();
      if (shown || r.site_id === SITE) queueChanged();
    });
    source.addEventListener("queue", (ev) => {
      if (ev.lastEventId) lastId = Number(ev.lastEventId);
      const q = JSON.parse(ev.data);
      if (q.site_id === SITE && window.Dashboard.onQueue) window.Dashboard.onQueue(q);
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

  function detailText(body) {
    if (typeof body.detail === "string") return body.detail;
    if (Array.isArray(body.detail) && body.detail.length && body.detail[0].msg) return body.detail[0].msg;
    return L.refused;
  }

  // POST (or PUT) JSON with the CSRF header; returns [ok, body]. Shows refusals in the notice.
  async function send(method, url, payload) {
    const headers = {"X-CSRF-Token": csrf, "Accept": "application/json"};
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    const resp = await fetch(url, {method, credentials: "same-origin", headers,
      body: payload === undefined ? undefined : JSON.stringify(payload)});
    if (resp.status === 401) { window.location.assign("/login"); return [false, {}]; }
    const body = await resp.json().catch(() => ({}));
    if (!resp.ok) {
      notice(detailText(body));
      if (resp.status === 409) await resync();
    } else {
      notice("");
    }
    return [resp.ok, body];
  }

  async function act(id, action, payload) {
    const [ok, body] = await send("POST", "/api/help-requests/" + id + "/" + action, payload);
    if (ok) { upsert(body); render(); }
    return [ok, body];
  }

  document.addEventListener("click", async (ev) => {
    const button = ev.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "redirect" && window.Dashboard.openRedirect) {
      window.Dashboard.openRedirect(button.dataset.id, button.dataset.ticket);
      return;
    }
    const buttons = button.closest(".actions").querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      if (action === "priority") {
        const [ok, body] = await send("POST", "/api/help-requests/" + button.dataset.id + "/priority",
          {priority: button.dataset.priority === "true"});
        if (ok) { upsert(body); render(); }
      } else {
        const [ok, body] = await act(button.dataset.id, action);
        if (ok && action === "done" && window.Dashboard.openCra) window.Dashboard.openCra(body);
        if (ok) return;
      }
    } catch (err) {
      notice(L.lost);
    }
    buttons.forEach((b) => { b.disabled = false; });
  });

  window.Dashboard = {data, labels: L, send, act, notice, resync};

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
