"use strict";
// otp4j observer: each page reads the observer's JSON API and draws itself; nothing is loaded from elsewhere.

const TOKEN_KEY = "otp4j-observer-token";

(function keepToken() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
})();

function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function showError(message) {
  const box = document.getElementById("error");
  if (!box) return;
  box.hidden = !message;
  box.textContent = message || "";
}

async function getJson(url) {
  const res = await fetch(url, { headers: { "Accept": "application/json" } });
  if (!res.ok) throw new Error(res.status + ": " + await res.text());
  return res.json();
}

async function act(pid, action, params) {
  const qs = new URLSearchParams(params || {}).toString();
  const res = await fetch("/api/processes/" + pid + "/" + action + (qs ? "?" + qs : ""),
    { method: "POST", headers: { "X-Otp4j-Token": token() } });
  const body = await res.text();
  if (!res.ok) throw new Error(res.status + ": " + body);
  return JSON.parse(body);
}

function processLink(pid, text) {
  return el("a", { href: "/process.html?pid=" + pid, class: "pid-link" }, text);
}

function fmt(n) { return typeof n === "number" ? n.toLocaleString("en-US") : String(n); }

function header() {
  const page = document.body.dataset.page;
  const nav = document.getElementById("nav-" + (page === "process" ? "processes" : page));
  if (nav) nav.classList.add("current");
  document.getElementById("token-state").textContent = token() ? "actions allowed" : "read only (no token)";
  getJson("/api/node").then(n => {
    document.getElementById("node-name").textContent = "node " + n.name + " · " + fmt(n.processes) + " processes";
  }).catch(() => {});
}

// ------------------------------------------------------------------ processes

function processesPage() {
  const state = new URLSearchParams(location.search);
  const form = document.getElementById("filters");
  for (const input of form.elements) {
    if (input.name && state.has(input.name)) input.value = state.get(input.name);
  }
  async function load() {
    history.replaceState(null, "", "?" + state.toString());
    try {
      const data = await getJson("/api/processes?" + state.toString());
      showError("");
      document.getElementById("counts").textContent =
        fmt(data.matched) + " of " + fmt(data.total) + " · " + data.tookMs + " ms";
      for (const th of document.querySelectorAll("th[data-sort]")) {
        th.classList.toggle("sorted-desc", th.dataset.sort === data.sort && data.dir === "desc");
        th.classList.toggle("sorted-asc", th.dataset.sort === data.sort && data.dir === "asc");
      }
      const body = document.querySelector("#processes tbody");
      body.replaceChildren(...data.processes.map(p => el("tr", { "data-pid": p.pid, "data-name": p.name },
        el("td", {}, processLink(p.pid, p.pidText)), el("td", { text: p.name }),
        el("td", { class: "status-cell", text: p.status }), el("td", { class: "num mailbox", text: fmt(p.mailbox) }),
        el("td", { class: "num", text: fmt(p.handled) }), el("td", { text: p.type }),
        el("td", { class: "num", text: fmt(p.timeMs) }))));
      const pages = Math.max(1, Math.ceil(data.matched / data.size));
      document.getElementById("page-label").textContent = "page " + (data.page + 1) + " of " + fmt(pages);
      document.getElementById("prev").disabled = data.page === 0;
      document.getElementById("next").disabled = data.page + 1 >= pages;
      document.body.dataset.loaded = data.sort + "-" + data.dir + "-" + data.page;
    } catch (e) { showError(e.message); }
  }
  for (const th of document.querySelectorAll("th[data-sort]")) {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      const desc = state.get("sort") === key ? state.get("dir") !== "desc" : !(key === "pid" || key === "name");
      state.set("sort", key); state.set("dir", desc ? "desc" : "asc"); state.set("page", "0");
      load();
    });
  }
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    for (const input of form.elements) {
      if (!input.name) continue;
      if (input.value.trim()) state.set(input.name, input.value.trim()); else state.delete(input.name);
    }
    state.set("page", "0");
    load();
  });
  document.getElementById("prev").addEventListener("click", () => {
    state.set("page", String(Math.max(0, Number(state.get("page") || 0) - 1))); load();
  });
  document.getElementById("next").addEventListener("click", () => {
    state.set("page", String(Number(state.get("page") || 0) + 1)); load();
  });
  load();
  setInterval(load, 3000);
}

// ------------------------------------------------------------------ process detail

function processPage() {
  const pid = new URLSearchParams(location.search).get("pid") || "";
  let traced = false;
  let traceSource = null;
  function list(id, pids) {
    document.getElementById(id).replaceChildren(...(pids.length ? pids.map(p => el("li", {},
      p.local ? processLink(p.pid, p.pidText) : document.createTextNode(p.pidText))) : [el("li", { class: "muted", text: "none" })]));
  }
  async function load() {
    try {
      const d = await getJson("/api/processes/" + encodeURIComponent(pid));
      showError("");
      document.getElementById("pid-text").textContent = d.pidText;
      const status = document.getElementById("p-status");
      status.textContent = d.status;
      status.className = "status status-" + d.status;
      const rows = [["Registered names", d.names.join(", ") || "none"], ["Status", d.status],
        ["Mailbox", fmt(d.mailbox) + " (" + d.mailboxKind + ")"], ["Messages handled", fmt(d.handled)],
        ["Dropped", fmt(d.dropped)], ["Current message", d.type || "none"], ["On it (ms)", fmt(d.timeMs)],
        ["Traps exits", String(d.trapExits)], ["Generic server", String(d.server)]];
      document.querySelector("#info tbody").replaceChildren(...rows.map(([k, v]) =>
        el("tr", {}, el("td", { text: k }), el("td", { text: v }))));
      list("links", d.links); list("monitors", d.monitors); list("monitored-by", d.monitoredBy);
      document.getElementById("stack").textContent = d.stack.length ? d.stack.join("\n") : "(no thread: hibernating)";
      traced = d.traced;
      document.getElementById("act-trace").textContent = traced ? "Trace off" : "Trace on";
      document.getElementById("act-trace").disabled = !d.server;
      document.body.dataset.status = d.status;
      if (traced && !traceSource) follow();
    } catch (e) { showError(e.message); document.body.dataset.status = "gone"; }
  }
  async function loadState() {
    try {
      const s = await getJson("/api/processes/" + encodeURIComponent(pid) + "/state");
      const box = document.getElementById("state");
      box.textContent = s.state !== null ? s.state : s.note;
      box.className = s.state !== null ? "" : "muted";
      const persisted = document.getElementById("persisted");
      persisted.hidden = !s.persisted;
      if (s.persisted) {
        const rows = [["Identity", s.persisted.identity], ["Persisted version", fmt(s.persisted.version)],
          ["Incarnation", fmt(s.persisted.incarnation)], ["Store", s.persisted.store]];
        persisted.querySelector("tbody").replaceChildren(...rows.map(([k, v]) =>
          el("tr", {}, el("td", { text: k }), el("td", { class: "persisted-" + k.toLowerCase().replace(" ", "-"), text: v }))));
      }
    } catch (e) { document.getElementById("state").textContent = e.message; }
  }
  function follow() {
    traceSource = new EventSource("/api/processes/" + encodeURIComponent(pid) + "/trace");
    traceSource.onmessage = ev => {
      const t = JSON.parse(ev.data);
      const ol = document.getElementById("trace");
      ol.append(el("li", { text: new Date(t.at).toLocaleTimeString() + "  " + t.kind + "  " + t.message +
        (t.detail ? "  (" + t.detail + ")" : "") }));
      while (ol.children.length > 200) ol.firstChild.remove();
      ol.scrollTop = ol.scrollHeight;
    };
  }
  function button(id, run) {
    document.getElementById(id).addEventListener("click", async () => {
      const out = document.getElementById("act-result");
      try {
        const r = await run();
        out.textContent = r.action + " done" + (r.reason ? " (" + r.reason + ")" : "");
        showError("");
      } catch (e) { showError(e.message); out.textContent = ""; }
      await load(); loadState();
    });
  }
  button("act-kill", () => act(pid, "kill", { reason: document.getElementById("kill-reason").value }));
  button("act-suspend", () => act(pid, "suspend"));
  button("act-resume", () => act(pid, "resume"));
  button("act-trace", async () => {
    const r = await act(pid, "trace", { on: String(!traced) });
    if (!r.traced && traceSource) { traceSource.close(); traceSource = null; }
    return r;
  });
  load(); loadState();
  setInterval(load, 2000);
}

// ------------------------------------------------------------------ supervision trees

function treesPage() {
  function draw(node) {
    const li = el("li", { "data-id": node.id, "data-pid": node.pid === undefined ? "" : node.pid });
    li.append(node.pid !== undefined ? processLink(node.pid, node.pidText) : el("span", { class: "muted", text: "(not running)" }));
    li.append(" ", el("b", { text: node.id }));
    if (node.name) li.append(" ", el("span", { text: "“" + node.name + "”" }));
    li.append(" ", el("span", { class: "kind", text: node.type + " · " + node.status }));
    if (node.restarts !== undefined) {
      li.append(" ", el("span", { class: "restarts" + (node.restarts ? "" : " zero"), "data-restarts": node.restarts,
        text: node.restarts + " restart" + (node.restarts === 1 ? "" : "s") }));
    }
    if (node.children && node.children.length) li.append(el("ul", {}, ...node.children.map(draw)));
    return li;
  }
  async function load() {
    try {
      const roots = await getJson("/api/trees");
      showError("");
      const box = document.getElementById("trees");
      box.replaceChildren(roots.length ? el("ul", { class: "tree" }, ...roots.map(draw))
        : el("p", { class: "muted", text: "No supervisor runs on this node." }));
      document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
    } catch (e) { showError(e.message); }
  }
  load();
  setInterval(load, 2000);
}

// ------------------------------------------------------------------ overview charts

function overviewPage() {
  const keys = ["processes", "messagesPerSecond", "mailboxTotal", "restarts"];
  const series = Object.fromEntries(keys.map(k => [k, []]));
  const kept = 120;
  function chart(key) {
    const svg = document.getElementById("c-" + key);
    const values = series[key];
    const max = Math.max(1, ...values);
    const w = 400, h = 120, pad = 14;
    const points = values.map((v, i) => {
      const x = pad + (values.length < 2 ? 0 : i * (w - 2 * pad) / (kept - 1));
      const y = h - pad - (v / max) * (h - 2 * pad);
      return x.toFixed(1) + "," + y.toFixed(1);
    }).join(" ");
    const ns = "http://www.w3.org/2000/svg";
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points);
    const top = document.createElementNS(ns, "text");
    top.setAttribute("x", "2"); top.setAttribute("y", "10"); top.textContent = fmt(max);
    const zero = document.createElementNS(ns, "text");
    zero.setAttribute("x", "2"); zero.setAttribute("y", String(h - 3)); zero.textContent = "0";
    svg.replaceChildren(top, zero, line);
    document.getElementById("v-" + key).textContent = fmt(values[values.length - 1]);
  }
  const source = new EventSource("/api/overview");
  source.onmessage = ev => {
    const s = JSON.parse(ev.data);
    for (const k of keys) {
      series[k].push(s[k]);
      if (series[k].length > kept) series[k].shift();
      chart(k);
    }
    document.body.dataset.samples = String(Number(document.body.dataset.samples || 0) + 1);
  };
}

// ------------------------------------------------------------------ registries, tables, caches, stages

function catalogPage() {
  let shown = null;
  let page = 0;
  function cell(text, cls) { return el("td", cls ? { class: cls, text: String(text) } : { text: String(text) }); }
  function entryLink(kind, name) {
    const a = el("a", { href: "#", class: "entries-link" }, name);
    a.addEventListener("click", ev => { ev.preventDefault(); shown = { kind, name }; page = 0; entries(); });
    return a;
  }
  async function entries() {
    try {
      const d = await getJson("/api/catalog/" + shown.kind + "/" + encodeURIComponent(shown.name) + "?page=" + page);
      document.getElementById("entries-box").hidden = false;
      document.getElementById("entries-title").textContent = shown.kind + " " + shown.name;
      document.querySelector("#entries tbody").replaceChildren(...d.entries.map(e =>
        el("tr", {}, cell(e.key), cell(e.value), cell(e.pid))));
      document.getElementById("e-page").textContent = "page " + (page + 1);
      document.getElementById("e-prev").disabled = page === 0;
      document.getElementById("e-next").disabled = d.entries.length < d.size;
    } catch (e) { showError(e.message); }
  }
  document.getElementById("e-prev").addEventListener("click", () => { page = Math.max(0, page - 1); entries(); });
  document.getElementById("e-next").addEventListener("click", () => { page++; entries(); });
  async function load() {
    try {
      const c = await getJson("/api/catalog");
      showError("");
      const fill = (id, rows) => document.querySelector("#" + id + " tbody").replaceChildren(...(rows.length ? rows
        : [el("tr", {}, el("td", { class: "muted", colspan: "8", text: "none registered with the observer" }))]));
      fill("registries", c.registries.map(r => el("tr", {}, el("td", {}, entryLink("registry", r.name)),
        cell(fmt(r.size), "num"), cell(r.partitions, "num"), cell(r.running))));
      fill("tables", c.tables.map(t => el("tr", {}, el("td", {}, entryLink("table", t.name)), cell(fmt(t.size), "num"),
        cell(t.type), cell(t.access), el("td", {}, processLink(t.owner, t.ownerText)))));
      fill("caches", c.caches.map(k => el("tr", {}, cell(k.name), cell(fmt(k.size ?? 0), "num"), cell(fmt(k.hits ?? 0), "num"),
        cell(fmt(k.misses ?? 0), "num"), cell(((k.hitRatio ?? 0) * 100).toFixed(1) + "%", "num"),
        cell(fmt(k.evictions ?? 0), "num"), cell(fmt(k.expirations ?? 0), "num"), el("td", {}, processLink(k.owner, k.ownerText)))));
      fill("stages", c.stages.map(s => el("tr", {}, cell(s.name), el("td", {}, processLink(s.pid, s.pidText)),
        cell(s.consumers ?? "-", "num"), cell(s.producers ?? "-", "num"), cell(s.buffered ?? "-", "num"),
        cell(s.discarded ?? "-", "num"))));
    } catch (e) { showError(e.message); }
  }
  load();
  setInterval(load, 3000);
}

// ------------------------------------------------------------------ cluster

function clusterPage() {
  async function load() {
    try {
      const c = await getJson("/api/catalog");
      const nodes = await getJson("/api/cluster");
      document.getElementById("cluster-note").textContent = c.cluster
        ? "The cluster as this node sees it." : "This node runs no cluster observed by the dashboard.";
      document.querySelector("#nodes tbody").replaceChildren(...nodes.map(n => el("tr", {},
        el("td", { text: n.node }), el("td", { text: n.state }), el("td", { text: n.detail || "" }))));
    } catch (e) { showError(e.message); }
  }
  load();
  setInterval(load, 3000);
}

document.addEventListener("DOMContentLoaded", () => {
  header();
  const pages = { processes: processesPage, process: processPage, trees: treesPage, overview: overviewPage,
    catalog: catalogPage, cluster: clusterPage };
  pages[document.body.dataset.page]();
});
