// Live dashboard: the nav badge, the list of live chats and one chat, kept current with Server-Sent Events.
// Everything the server sends is put into the page as text (textContent), never as HTML.
(function () {
  "use strict";

  const $ = (selector, root) => (root || document).querySelector(selector);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function ago(at, suffix) {
    if (!at) return "";
    const seconds = Math.max(0, Date.now() / 1000 - at);
    if (seconds < 60) return suffix ? "just now" : "under a minute";
    const minutes = Math.floor(seconds / 60);
    const text = minutes < 60 ? minutes + " min" : minutes < 2880 ? Math.floor(minutes / 60) + " h"
      : Math.floor(minutes / 1440) + " days";
    return suffix ? text + " ago" : text;
  }

  function clock(at) {
    return new Date(at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function refreshTimes() {
    document.querySelectorAll("time[data-at].live-time").forEach((t) => { t.textContent = ago(Number(t.dataset.at), true); });
    document.querySelectorAll("[data-since]").forEach((b) => { b.textContent = "Waiting " + ago(Number(b.dataset.since), false); });
  }

  // ---- the badge (every page) and the summary (the list page) ----------------------------------
  const baseTitle = document.title;

  function showCounts(counts) {
    const badge = $("[data-live-badge]");
    if (badge) {
      badge.hidden = !counts.waiting;
      badge.replaceChildren(el("span", "", String(counts.waiting)), el("span", "visually-hidden", " waiting"));
      badge.title = counts.waiting + " waiting for a person";
    }
    document.querySelectorAll("[data-count]").forEach((n) => { n.textContent = String(counts[n.dataset.count] ?? 0); });
    document.title = (counts.waiting ? "(" + counts.waiting + ") " : "") + baseTitle;
  }

  // ---- the list of live chats -------------------------------------------------------------------
  function chatItem(row, base) {
    const li = el("li", "live-item" + (row.waiting_since ? " is-waiting" : ""));
    const link = el("a", "live-link");
    link.href = base + row.ref;
    const top = el("span", "live-top");
    const time = el("time", "live-time", ago(row.last.at, true));
    time.dataset.at = String(row.last.at);
    top.append(el("strong", "live-name", row.name || "Visitor"), el("span", "live-channel", row.channel), time);
    const who = row.last.speaker === "staff" ? row.last.name + ": " : row.last.speaker === "assistant" ? "Assistant: " : "";
    const meta = el("span", "live-meta");
    if (row.waiting_since) {
      const waiting = el("span", "badge badge-soft", "Waiting " + ago(row.waiting_since, false));
      waiting.dataset.since = String(row.waiting_since);
      meta.append(waiting);
    }
    meta.append(row.answering ? el("span", "badge live-person", row.answering + " is answering")
      : el("span", "badge", "The assistant is answering"));
    if (row.asked_for_person) meta.append(el("span", "badge badge-soft", "Asked for a person"));
    link.append(top, el("span", "live-last", who + row.last.text), meta);
    li.append(link);
    return li;
  }

  function showList(rows) {
    const list = $("[data-live-list]");
    if (!list) return;
    list.replaceChildren(...rows.map((row) => chatItem(row, list.dataset.base)));
    const empty = $("[data-live-empty]");
    if (empty) empty.hidden = rows.length > 0;
  }

  // ---- browser notifications (optional; asked only when the practitioner clicks the button) ------
  // Counts only: no name, no message, nothing about anyone's health is ever put in a notification.
  const NOTIFY_KEY = "studio-browser-notifications";
  const SEEN_KEY = "studio-live-counts";
  const ALERTS = [
    ["new_leads", "New lead", "A new lead is waiting in the dashboard.", "leads"],
    ["waiting", "A chat is waiting for a person", "Someone in a live chat is waiting for an answer.", "chats"],
    ["requests", "New request to answer", "A request or booking request is waiting in To do.", "queues"],
  ];
  const canNotify = "Notification" in window;
  const notifyOn = () => canNotify && Notification.permission === "granted" && localStorage.getItem(NOTIFY_KEY) === "on";

  function showNotifyState() {
    const toggle = $("[data-notify-toggle]");
    const state = $("[data-notify-state]");
    if (!toggle || !state) return;
    if (!canNotify) {
      state.textContent = "This browser cannot show notifications.";
      return;
    }
    const denied = Notification.permission === "denied";
    toggle.hidden = denied;
    toggle.textContent = notifyOn() ? "Turn off browser notifications" : "Notify me in this browser";
    state.textContent = denied ? "Notifications are blocked for this site in the browser's settings."
      : notifyOn() ? "Browser notifications are on: new leads, waiting chats and requests." : "";
  }

  function notifyChanges(counts) {
    let seen = null;
    try { seen = JSON.parse(sessionStorage.getItem(SEEN_KEY) || "null"); } catch (error) { seen = null; }
    sessionStorage.setItem(SEEN_KEY, JSON.stringify(counts));
    if (!seen || !notifyOn()) return;
    const links = (badge && badge.dataset) || {};
    ALERTS.forEach(([key, title, body, page]) => {
      if ((counts[key] || 0) <= (seen[key] || 0)) return;
      const note = new Notification(title, { body: body, tag: "studio-" + key });
      note.onclick = () => { window.focus(); if (links[page]) window.location.href = links[page]; };
    });
  }

  const toggle = $("[data-notify-toggle]");
  if (toggle && canNotify) {
    toggle.addEventListener("click", async () => {
      if (notifyOn()) {
        localStorage.removeItem(NOTIFY_KEY);
      } else {
        const permission = await Notification.requestPermission();
        if (permission === "granted") localStorage.setItem(NOTIFY_KEY, "on");
      }
      showNotifyState();
    });
  }
  showNotifyState();

  const badge = $("[data-live-badge]");
  if (badge && window.EventSource) {
    const withList = Boolean($("[data-live-list]"));
    const source = new EventSource(badge.dataset.stream + (withList ? "?list=1" : ""));
    source.addEventListener("counts", (e) => { const counts = JSON.parse(e.data); showCounts(counts); notifyChanges(counts); });
    source.addEventListener("conversations", (e) => showList(JSON.parse(e.data)));
    window.addEventListener("pagehide", () => source.close());
  }
  setInterval(refreshTimes, 20000);

  // ---- one chat -----------------------------------------------------------------------------------
  const chat = $("[data-chat]");
  if (!chat) return;
  const log = $("[data-chat-log]", chat);
  const feedback = $("[data-chat-feedback]", chat);
  const stateText = $("[data-chat-state]", chat);
  const takeForm = $('[data-chat-action="takeover"]', chat);
  const backForm = $('[data-chat-action="handback"]', chat);
  const replyForm = $("[data-chat-reply]", chat);
  const textarea = replyForm ? $("textarea", replyForm) : null;

  const nearBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 200;
  const toBottom = () => window.scrollTo({ top: document.body.scrollHeight });

  function message(line) {
    const li = el("li", "chat-msg chat-msg--" + line.speaker + (line.kind ? " chat-msg--" + line.kind : ""));
    li.dataset.id = String(line.id);
    const who = line.speaker === "visitor" ? "Visitor" : line.speaker === "staff" ? line.name + " (studio)" : "Assistant";
    li.append(el("span", "chat-who", who));
    if (line.text) li.append(el("div", "chat-bubble", line.text));
    if (line.buttons && line.buttons.length) {
      const chips = el("div", "chat-buttons");
      line.buttons.forEach((b) => chips.append(el("span", "chip", b)));
      li.append(chips);
    }
    const time = el("time", "chat-time", clock(line.at));
    time.dataset.at = String(line.at);
    li.append(time);
    return li;
  }

  function addLine(line) {
    if (log.querySelector('[data-id="' + line.id + '"]')) return;
    const follow = nearBottom();
    log.append(message(line));
    const empty = $("[data-chat-empty]", chat);
    if (empty) empty.hidden = true;
    if (follow) toBottom();
  }

  function showState(state) {
    const person = Boolean(state.taken_by) || state.paused;
    stateText.textContent = state.mine ? "You are answering" : state.taken_by ? state.taken_by + " is answering"
      : state.paused ? "A person is answering" : "The assistant is answering";
    takeForm.hidden = person;
    backForm.hidden = !person;
    replyForm.hidden = !state.mine;
  }

  function say(text, kind) {
    feedback.textContent = text || "";
    feedback.className = "chat-feedback" + (kind ? " chat-feedback--" + kind : "");
  }

  async function submit(form, after) {
    const button = $("button[type=submit]", form);
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.redirected || !(response.headers.get("Content-Type") || "").includes("json")) {
        window.location.reload();          // signed out, or the form expired: the page says why
        return;
      }
      const answer = await response.json();
      say(answer.message, answer.kind);
      if (answer.ok && after) after(answer);
    } catch (error) {
      say("The dashboard cannot be reached. Please try again.", "error");
    } finally {
      if (button) button.disabled = false;
    }
  }

  takeForm.addEventListener("submit", (e) => {
    e.preventDefault();
    submit(takeForm, () => {
      showState({ taken_by: "you", mine: true, paused: true });
      toBottom();                           // the newest messages, and the reply box, in view
      textarea.focus({ preventScroll: true });
    });
  });
  backForm.addEventListener("submit", (e) => {
    e.preventDefault();
    submit(backForm, () => showState({ taken_by: "", mine: false, paused: false }));
  });
  replyForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!textarea.value.trim()) return;
    submit(replyForm, () => { textarea.value = ""; toBottom(); textarea.focus({ preventScroll: true }); });
  });
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      replyForm.requestSubmit();
    }
  });

  toBottom();
  if (window.EventSource) {
    const source = new EventSource(chat.dataset.stream + "?after=" + encodeURIComponent(chat.dataset.after || "0"));
    source.addEventListener("line", (e) => addLine(JSON.parse(e.data)));
    source.addEventListener("state", (e) => showState(JSON.parse(e.data)));
    window.addEventListener("pagehide", () => source.close());
  }
})();
