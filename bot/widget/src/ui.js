// The widget: launcher, panel, message log and composer, inside a shadow root so
// the host site's CSS can't reach it (and ours can't leak out).
import { h, icon, readableOn } from "./dom.js";
import { renderText } from "./text.js";
import { OWN_ID, createStorage } from "./storage.js";
import { createConnection } from "./connection.js";

let counter = 0;
const newId = () => Date.now().toString(36) + "-" + (counter++).toString(36);
const httpUrl = (u) => typeof u === "string" && /^https?:\/\//i.test(u);

// A link from a messaging app continues that conversation here: /page?resume=<token>.
// The token is taken out of the address bar at once (history, bookmarks, shared screenshots).
function takeResumeToken() {
  try {
    const url = new URL(location.href);
    const token = url.searchParams.get("resume");
    if (token === null) return "";
    url.searchParams.delete("resume");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    return /^[A-Za-z0-9_-]{16,2048}$/.test(token) ? token : "";
  } catch {
    return "";
  }
}

export function mountWidget(config) {
  const { t } = config;
  const storage = createStorage(config.storageKey);
  const resumeToken = takeResumeToken();
  if (resumeToken) storage.setResumeToken(resumeToken);
  const messages = storage.messages().map((m) => ({ ...m }));
  const locale = (navigator.language || "").startsWith(config.lang) ? navigator.language : config.lang;
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  let unread = 0;
  let typingTimer = 0;
  let pinned = true; // follow new messages unless the visitor scrolled up to read
  let userScrolledAt = 0;

  // ---- structure -------------------------------------------------------------
  const host = h("div", { id: "lumen-chat-widget" });
  host.style.setProperty("--lc-accent", config.color);
  const onAccent = readableOn(config.color);
  host.style.setProperty("--lc-on-accent", onAccent);
  // accent as text on white only when it is dark enough, else plain ink
  host.style.setProperty("--lc-accent-ink", onAccent === "#ffffff" ? config.color : "#23211e");
  host.style.visibility = "hidden"; // until our stylesheet has loaded
  const root = host.attachShadow({ mode: "open" });
  const link = h("link", { rel: "stylesheet", href: config.cssUrl });
  const reveal = () => {
    host.style.visibility = "";
    scrollToEnd(false); // the layout only settles once the styles are in
  };
  link.addEventListener("load", reveal);
  link.addEventListener("error", reveal);

  const badge = h("span", { class: "lc-badge", hidden: true, "aria-hidden": "true" });
  const launcher = h("button", { class: "lc-launcher", type: "button", "aria-expanded": "false",
    "aria-controls": "lc-panel", "aria-label": t.open, onclick: () => toggle(!isOpen(), true) }, icon("chat"), badge);
  const teaser = h("div", { class: "lc-teaser", hidden: true },
    h("button", { class: "lc-teaser-text", type: "button", text: config.greeting, onclick: () => toggle(true, true) }),
    h("button", { class: "lc-teaser-close", type: "button", "aria-label": t.teaserClose, onclick: dismissTeaser },
      icon("close")));

  const statusText = h("span", { class: "lc-status-text", text: config.subtitle });
  const header = h("header", { class: "lc-header" },
    h("div", { class: "lc-avatar", "aria-hidden": "true", text: config.title.trim().charAt(0).toUpperCase() }),
    h("div", { class: "lc-heading" },
      h("h2", { id: "lc-title", class: "lc-title", text: config.title }),
      h("p", { class: "lc-sub" }, h("span", { class: "lc-dot", "aria-hidden": "true" }), statusText)),
    h("button", { class: "lc-close", type: "button", "aria-label": t.close, onclick: () => toggle(false, true) },
      icon("close")));
  const banner = h("div", { class: "lc-banner", role: "status", hidden: true });
  const typing = h("div", { class: "lc-typing", hidden: true, "aria-hidden": "true" },
    h("span"), h("span"), h("span"));
  // the log is also the scroll area (focusable, so it can be scrolled with the keyboard)
  const log = h("div", { class: "lc-log", role: "log", "aria-live": "polite", "aria-label": t.log, tabindex: "0" },
    typing);
  const typingStatus = h("div", { class: "lc-sr", role: "status" });

  const input = h("textarea", { id: "lc-input", class: "lc-input", rows: "1", placeholder: t.placeholder,
    "aria-label": t.inputLabel, autocomplete: "off", maxlength: "1000", oninput: autoGrow, onkeydown: onInputKey });
  const composer = h("form", { class: "lc-composer", onsubmit: (e) => { e.preventDefault(); sendTyped(); } },
    input,
    h("button", { class: "lc-send", type: "submit", "aria-label": t.send }, icon("send")));
  const humanButton = h("button", { class: "lc-tool lc-human", type: "button",
    onclick: () => send(config.humanPayload, t.human) }, icon("person", "lc-icon lc-icon--sm"), t.human);
  // "End chat and clear": a disclosure that says what it clears (this browser's copy only) and offers erasure
  const endButton = h("button", { class: "lc-tool lc-end", type: "button", "aria-expanded": "false",
    "aria-controls": "lc-clear", onclick: () => showClear(clearBox.hidden) },
    icon("erase", "lc-icon lc-icon--sm"), t.endChat);
  const clearBox = h("div", { id: "lc-clear", class: "lc-clear", role: "group", tabindex: "-1", hidden: true,
    "aria-labelledby": "lc-clear-title", "aria-describedby": "lc-clear-text", onkeydown: onClearKey },
    h("p", { id: "lc-clear-title", class: "lc-clear-title", text: t.clearTitle }),
    h("p", { id: "lc-clear-text", class: "lc-clear-text", text: t.clearText }),
    h("div", { class: "lc-clear-actions" },
      h("button", { class: "lc-clear-yes", type: "button", text: t.clearYes, onclick: endAndClear }),
      h("button", { class: "lc-clear-erase", type: "button", text: t.erase, onclick: askErasure }),
      h("button", { class: "lc-clear-no", type: "button", text: t.cancel, onclick: () => showClear(false) })));
  const footer = h("footer", { class: "lc-footer" },
    icon("shield", "lc-icon lc-icon--sm"),
    h("span", { text: t.privacyLead + " " }),
    config.privacyUrl
      ? h("a", { href: config.privacyUrl, target: "_blank", rel: "noopener noreferrer", text: t.privacy })
      : null);
  const panel = h("section", { id: "lc-panel", class: "lc-panel", role: "dialog", "aria-labelledby": "lc-title",
    hidden: true, onkeydown: (e) => { if (e.key === "Escape") { e.preventDefault(); toggle(false, true); } } },
    header, banner, log, typingStatus, h("div", { class: "lc-tools" }, humanButton, endButton), clearBox, composer,
    footer);

  const frame = h("div", { class: `lc lc--${config.position}`, lang: config.lang }, teaser, panel, launcher);
  root.append(link, frame);
  document.body.append(host);

  // ---- connection --------------------------------------------------------------
  const connection = createConnection({
    server: config.server,
    path: config.socketPath,
    session: { id: storage.sessionId, resumeToken: storage.resumeToken },
    metadata: { language: config.lang, page: location.pathname },
    onConfirm: adopt,
    onMessage: receive,
    onStatus: showStatus,
    onSent: markSent,
    onIdle: () => setTyping(false),
  });

  // ---- messages ----------------------------------------------------------------
  function renderMessage(m) {
    const staff = m.staff ? t.staff(m.staff) : ""; // a person from the studio answering live
    const el = h("div", { class: `lc-msg lc-msg--${m.from}${staff ? " lc-msg--staff" : ""}${m.queued ? " lc-msg--queued" : ""}`,
      "data-id": m.id },
      h("span", { class: "lc-sr", text: (m.from === "user" ? t.you : staff || config.title) + ": " }));
    if (staff) el.append(h("span", { class: "lc-staff", "aria-hidden": "true", text: staff }));
    if (m.text) el.append(renderText(h("div", { class: "lc-bubble" }), m.text));
    if (m.image) el.append(h("img", { class: "lc-image", src: m.image, alt: "", loading: "lazy" }));
    if (m.buttons && m.buttons.length && !m.answered) {
      el.append(h("div", { class: "lc-replies", role: "group", "aria-label": t.options },
        ...m.buttons.map((b) => h("button", { class: "lc-reply", type: "button", text: b.title,
          onclick: () => send(b.payload, b.title) }))));
    }
    const time = new Date(m.time);
    el.append(h("div", { class: "lc-meta" },
      m.from === "user" ? h("span", { class: "lc-queued", hidden: !m.queued }, icon("clock", "lc-icon lc-icon--xs"),
        t.queued) : null,
      h("time", { class: "lc-time", datetime: time.toISOString(), text: timeFormat.format(time) })));
    return el;
  }

  function append(m) {
    messages.push(m);
    storage.save(messages);
    log.insertBefore(renderMessage(m), typing);
    if (m.from === "user") pinned = true;
    if (pinned) scrollToEnd(true);
  }

  function receive(data) {
    if (data.event === "conversation_erased") return forget(t.erased); // bot/actions/privacy.py
    const buttons = (data.quick_replies || data.buttons || [])
      .filter((b) => b && b.title && b.payload != null)
      .map((b) => ({ title: String(b.title), payload: String(b.payload) }));
    const src = data.attachment && data.attachment.payload && data.attachment.payload.src;
    const m = { id: newId(), from: "bot", text: typeof data.text === "string" ? data.text : "",
      buttons, image: httpUrl(src) ? src : "", time: Date.now() };
    if (typeof data.staff === "string" && data.staff.trim()) m.staff = data.staff.trim().slice(0, 100);
    if (!m.text && !m.image && !buttons.length) return;
    append(m);
    if (!isOpen()) setUnread(unread + 1);
  }

  function send(text, label) {
    const value = String(text || "").trim();
    if (!value) return;
    retireButtons();
    const m = { id: newId(), from: "user", text: label || value, time: Date.now(), queued: !connection.ready() };
    if (label) m.payload = value;
    append(m);
    connection.send({ id: m.id, text: value });
  }

  // The server confirmed a session id: ours, a resumed conversation's, or a fresh one instead of a refused id.
  function adopt(id) {
    const hadToken = Boolean(storage.resumeToken());
    if (hadToken && OWN_ID.test(id)) storage.setResumeToken(""); // one of our own sessions again
    const keep = messages.filter((m) => m.from === "user" && m.queued); // typed, not sent yet: they go to the new one
    const changed = storage.adopt(id, keep);
    if (changed) {
      messages.splice(0, messages.length, ...keep);
      log.querySelectorAll(".lc-msg").forEach((el) => {
        if (!keep.some((m) => m.id === el.dataset.id)) el.remove();
      });
      if (storage.resumeToken()) append({ id: newId(), from: "bot", text: t.resumed, time: Date.now() });
    }
    if ((changed || (hadToken && !storage.resumeToken())) && isOpen() && !messages.length) startConversation();
  }

  // Forget the conversation in this browser: storage, memory, the shown log and the session id (the next
  // message starts a new conversation). Shows `notice`, which is not kept.
  function forget(notice) {
    storage.clear();
    messages.splice(0, messages.length);
    connection.restart();
    log.querySelectorAll(".lc-msg, .lc-notice").forEach((el) => el.remove());
    setUnread(0);
    log.insertBefore(h("p", { class: "lc-notice", text: notice }), typing);
    scrollToEnd(false);
  }

  function showClear(show, focusBack = true) {
    clearBox.hidden = !show;
    endButton.setAttribute("aria-expanded", String(show));
    if (pinned) scrollToEnd(false); // the log got shorter or taller: keep the latest message in view
    if (show) clearBox.focus({ preventScroll: true });
    else if (focusBack) endButton.focus({ preventScroll: true });
  }

  function onClearKey(e) {
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation(); // closes the question, not the chat
    showClear(false);
  }

  function endAndClear() {
    showClear(false, false);
    forget(t.cleared);
    log.focus({ preventScroll: true });
  }

  function askErasure() {
    showClear(false, false);
    send(config.erasePayload, t.erase); // the assistant asks to confirm, then erases (and the widget clears)
    log.focus({ preventScroll: true }); // its confirmation buttons come next in the log
  }

  function startConversation() {
    if (config.startPayload) sendSilently(config.startPayload);
    else append({ id: newId(), from: "bot", text: config.greeting, time: Date.now() });
  }

  function sendSilently(text) {
    connection.send({ id: newId(), text });
  }

  function sendTyped() {
    const value = input.value.trim();
    if (!value) return;
    input.value = "";
    autoGrow();
    send(value);
    input.focus();
  }

  function retireButtons() {
    let changed = false;
    for (const m of messages) if (m.buttons && m.buttons.length && !m.answered) m.answered = changed = true;
    if (changed) log.querySelectorAll(".lc-replies").forEach((el) => el.remove());
  }

  function markSent(id, sent = true) {
    const m = messages.find((x) => x.id === id);
    if (!m) {
      if (sent) setTyping(true); // a silent message (the greeting request) went out
      return;
    }
    if (m.queued !== !sent) {
      m.queued = !sent;
      storage.save(messages);
      const el = log.querySelector(`[data-id="${id}"]`);
      if (el) {
        el.classList.toggle("lc-msg--queued", m.queued);
        el.querySelector(".lc-queued").hidden = !m.queued;
      }
    }
    if (sent) setTyping(true);
  }

  // ---- state and behaviour -------------------------------------------------------
  function setTyping(on) {
    clearTimeout(typingTimer);
    if (on) {
      typingTimer = setTimeout(() => setTyping(false), 30000); // never spin forever
      if (typing.hidden) {
        typing.hidden = false;
        typingStatus.textContent = t.typing;
        if (pinned) scrollToEnd(true);
      }
    } else {
      typing.hidden = true;
      typingStatus.textContent = "";
    }
  }

  function showStatus(status) {
    frame.dataset.status = status;
    statusText.textContent = { online: t.online, connecting: t.connecting, reconnecting: t.offline }[status];
    banner.hidden = status !== "reconnecting";
    banner.textContent = status === "reconnecting" ? t.reconnecting : "";
  }

  function setUnread(n) {
    unread = n;
    badge.hidden = n === 0;
    badge.textContent = n > 9 ? "9+" : String(n);
    launcher.setAttribute("aria-label", isOpen() ? t.close : n ? `${t.open}, ${t.unread(n)}` : t.open);
  }

  const isOpen = () => !panel.hidden;

  function toggle(open, byUser) {
    if (open === isOpen()) return;
    panel.hidden = !open;
    frame.classList.toggle("lc--open", open);
    launcher.setAttribute("aria-expanded", String(open));
    storage.setOpen(open);
    setUnread(0);
    if (open) {
      teaser.hidden = true;
      storage.dismissTeaser();
      connection.connect();
      // a resumed conversation continues where it was (the server sends its pending messages)
      if (!messages.length && !storage.resumeToken()) startConversation();
      pinned = true;
      scrollToEnd(false);
      // keyboard users land in the text field; on touch screens don't pop up the keyboard
      if (byUser) (matchMedia("(pointer: coarse)").matches ? log : input).focus({ preventScroll: true });
    } else if (byUser) {
      launcher.focus();
    }
  }

  function dismissTeaser() {
    teaser.hidden = true;
    storage.dismissTeaser();
    setUnread(0);
  }

  function scrollToEnd(smooth) {
    const reduce = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
    requestAnimationFrame(() =>
      log.scrollTo({ top: log.scrollHeight, behavior: smooth && !reduce ? "smooth" : "auto" }));
  }

  function autoGrow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 132) + "px";
  }

  function onInputKey(e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendTyped();
    }
  }

  const userScrolls = (e) => {
    // wheel and touch anywhere; keys and the scrollbar on the log itself (not a click on a reply button)
    if (e.type === "wheel" || e.type === "touchmove" || e.target === log) userScrolledAt = Date.now();
  };
  for (const type of ["wheel", "touchmove", "keydown", "pointerdown"]) {
    log.addEventListener(type, userScrolls, { passive: true });
  }
  log.addEventListener("scroll", () => {
    if (log.scrollHeight - log.scrollTop - log.clientHeight < 80) pinned = true;
    else if (Date.now() - userScrolledAt < 1000) pinned = false; // our own scrolling never unpins
  }, { passive: true });

  // ---- start-up ------------------------------------------------------------------
  for (const m of messages) log.insertBefore(renderMessage(m), typing);
  // typed before a reload but never sent: send them now
  messages.filter((m) => m.queued).forEach((m) => connection.send({ id: m.id, text: m.payload || m.text }));
  if (storage.isOpen() || resumeToken) toggle(true, false);
  else if (!messages.length && !storage.teaserDismissed()) {
    setTimeout(() => {
      if (isOpen() || storage.teaserDismissed()) return;
      teaser.hidden = false;
      setUnread(1);
    }, 1500);
  }

  return { open: () => toggle(true, true), close: () => toggle(false, true), send, clear: () => forget(t.cleared) };
}
