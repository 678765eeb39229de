// facestack live view: reads the newest results with GET /api/results, then listens to the
// push stream GET /api/stream (Server-Sent Events: "results" as they are stored, "stats" every
// second). On every (re)connection it catches up with one GET /api/results for what it may have
// missed (retried until it works; a page away longer than the API's window starts again from
// the newest results); if the stream cannot be used it polls every 0.5 s instead and tries the
// stream again every 30 s. A catch-up or poll asks for the last SETTLE_MS before the newest
// result it has (a writer's processed_at is taken before its write lands) and names what it
// already shows in `seen`, so nothing is sent twice.
// Every stored string reaches the page through textContent, never as markup.
"use strict";

(() => {
  const POLL_MS = 500;
  const MAX_CARDS = 120;
  const SETTLE_MS = 2000;
  const RETRY_STREAM_MS = 30000;
  const results = document.getElementById("results");
  const state = document.getElementById("state");
  const older = document.getElementById("older");
  let newest = null;
  let serverNow = null;
  const shown = new Map(); // result id -> processed_at (ms)
  let nextBefore = null;
  let failures = 0;
  let streamAgainAt = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function percent(value) {
    return value === null || value === undefined ? "–" : `${Number(value).toFixed(1)}%`;
  }

  function milliseconds(value) {
    if (value === null || value === undefined) return "–";
    return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
  }

  function faceLine(face) {
    const item = el("li");
    if (face.matched && face.person_id) {
      item.append(el("span", "person", face.person_id), ` ${percent(face.similarity)} similar`);
    } else {
      item.append(el("span", "unknown", "unknown"));
    }
    item.append(`, confidence ${percent(face.confidence)}`);
    if (face.top_emotion) item.append(`, ${String(face.top_emotion).toLowerCase()}`);
    return item;
  }

  function frame(result) {
    const box = el("div", "frame");
    const image = el("img");
    image.alt = result.key || "";
    image.src = result.image_url;
    box.append(image);
    for (const face of result.faces) {
      const b = face.box || {};
      if ([b.left, b.top, b.width, b.height].some((v) => typeof v !== "number")) continue;
      const mark = el("div", face.matched ? "box matched" : "box");
      mark.style.left = `${b.left * 100}%`;
      mark.style.top = `${b.top * 100}%`;
      mark.style.width = `${b.width * 100}%`;
      mark.style.height = `${b.height * 100}%`;
      mark.append(el("span", null, face.matched && face.person_id ? face.person_id : "unknown"));
      box.append(mark);
    }
    return box;
  }

  function card(result, fresh) {
    const status = String(result.status || "").toLowerCase();
    const node = el("article", `card ${status}${fresh ? " new" : ""}`);
    node.dataset.imageId = result.image_id;
    node.dataset.resultId = result.id;
    node.dataset.key = result.key;
    node.dataset.processedAt = result.processed_at;
    if (result.image_url) node.append(frame(result));
    const when = new Date(result.processed_at).toLocaleTimeString();
    node.append(el("p", "meta", `${result.key} · ${when} · ${milliseconds(result.latency_ms)}`));
    if (result.status === "FACES") {
      const list = el("ul", "faces");
      for (const face of result.faces) list.append(faceLine(face));
      node.append(list);
    } else if (result.status === "NO_FACE") {
      node.append(el("p", "unknown", "no face"));
    } else {
      const label = result.status === "REJECTED" ? "rejected" : "failed";
      node.append(el("p", "reason", `${label}: ${result.reason || "unknown reason"}`));
      if (result.message) node.append(el("p", "message", result.message));
    }
    node.dataset.shownAt = new Date().toISOString();
    return node;
  }

  function show(list, where, fresh) {
    const cards = list.filter((result) => !shown.has(result.id)).map((result) => {
      shown.set(result.id, Date.parse(result.processed_at));
      for (const old of results.querySelectorAll("article")) {
        if (old.dataset.imageId === result.image_id) old.remove();
      }
      return card(result, fresh);
    });
    if (where === "top") results.prepend(...cards);
    else results.append(...cards);
    while (results.children.length > MAX_CARDS && where === "top") results.lastChild.remove();
  }

  function stats(s) {
    if (!s) return;
    for (const name of ["images", "faces", "matches", "rejections", "failures"]) {
      document.getElementById(`stat-${name}`).textContent = String(s[name]);
    }
    document.getElementById("stat-p50").textContent = milliseconds(s.latency_ms.p50);
    document.getElementById("stat-p95").textContent = milliseconds(s.latency_ms.p95);
  }

  class TooOld extends Error {}

  async function get(query) {
    const response = await fetch(`/api/results${query}`, { cache: "no-store" });
    if (response.status === 400) throw new TooOld(`the API answered ${response.status}`);
    if (!response.ok) throw new Error(`the API answered ${response.status}`);
    return response.json();
  }

  function pollQuery() {
    if (newest === null) return "";
    // Everything stored before the server's last answer was in it, give or take SETTLE_MS.
    const since = Math.max(Date.parse(newest), Date.parse(serverNow)) - SETTLE_MS;
    const seen = [];
    for (const [id, at] of shown) if (at > since) seen.push(id);
    const query = `?since=${encodeURIComponent(new Date(since).toISOString())}`;
    return seen.length ? `${query}&seen=${seen.slice(-400).join(",")}` : query;
  }

  function take(page) {
    if (page.results.length) show(page.results, "top", newest !== null);
    if (page.newest && (newest === null || page.newest > newest)) newest = page.newest;
    if (newest === null) newest = page.now;
    if (page.now) serverNow = page.now;
    if (page.stats) stats(page.stats);
    forget();
  }

  // Results older than a catch-up can ask for again are forgotten (a page left open for days
  // keeps a bounded map).
  function forget() {
    if (serverNow === null) return;
    const horizon = Date.parse(serverNow) - SETTLE_MS - 60000;
    for (const [id, at] of shown) if (at < horizon) shown.delete(id);
  }

  function live(how) {
    state.textContent = `live (${how}) · updated ${new Date().toLocaleTimeString()}`;
  }

  async function read() {
    let first = newest === null;
    let page;
    try {
      page = await get(pollQuery());
    } catch (error) {
      // A cursor the API no longer takes (the page was away longer than its window): start
      // again from the newest results.
      if (first || !(error instanceof TooOld)) throw error;
      newest = null;
      first = true;
      page = await get("");
    }
    take(page);
    if (first) {
      nextBefore = page.next_before;
      older.hidden = !nextBefore;
      // Navigation start to the first results drawn (scripts/live_view_benchmark.py reads it).
      document.body.dataset.firstResultsMs ||= String(Math.round(performance.now()));
    }
  }

  async function poll() {
    try {
      await read();
      failures = 0;
      live("polled");
    } catch (error) {
      failures += 1;
      state.textContent = `reconnecting (${failures})…`;
      // A page left open across a long outage starts again from the newest results.
      if (failures > 20) newest = null;
    }
    // Polling is the fallback: the stream is tried again every RETRY_STREAM_MS.
    if (window.EventSource && Date.now() >= streamAgainAt) listen();
    else window.setTimeout(poll, POLL_MS);
  }

  // A catch-up after a (re)connection, tried again until it succeeds.
  async function catchUp(source) {
    for (let attempt = 0; source.readyState !== EventSource.CLOSED; attempt += 1) {
      try {
        await read();
        live("pushed");
        return;
      } catch (error) {
        state.textContent = `catching up (${attempt + 1})…`;
        await new Promise((resume) => window.setTimeout(resume, Math.min(5000, 500 * 2 ** attempt)));
      }
    }
  }

  function listen() {
    const source = new EventSource("/api/stream");
    let opened = false;
    source.addEventListener("open", () => {
      opened = true;
      failures = 0;
      catchUp(source);
    });
    source.addEventListener("results", (event) => {
      take(JSON.parse(event.data));
      live("pushed");
    });
    source.addEventListener("stats", (event) => {
      const counters = JSON.parse(event.data);
      if (counters.now) serverNow = counters.now;
      stats(counters);
    });
    source.addEventListener("error", () => {
      failures += 1;
      state.textContent = `reconnecting (${failures})…`;
      // Never connected, or closed for good, or down for long: polling takes over, and the
      // stream is tried again later.
      if (!opened || source.readyState === EventSource.CLOSED || failures > 20) {
        source.close();
        streamAgainAt = Date.now() + RETRY_STREAM_MS;
        window.setTimeout(poll, POLL_MS);
      }
    });
  }

  async function start() {
    try {
      await read();
      live("loaded");
    } catch (error) {
      state.textContent = "reconnecting…";
    }
    if (window.EventSource) listen();
    else window.setTimeout(poll, POLL_MS);
  }

  older.addEventListener("click", async () => {
    if (!nextBefore) return;
    older.disabled = true;
    try {
      const page = await get(`?before=${encodeURIComponent(nextBefore)}`);
      show(page.results, "bottom", false);
      nextBefore = page.next_before;
      older.hidden = !nextBefore;
    } finally {
      older.disabled = false;
    }
  });

  start();
})();
