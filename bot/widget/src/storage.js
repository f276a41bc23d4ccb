// The session id and the rendered conversation, kept in this tab's sessionStorage so a
// reload (or the next page of the site) continues where it left off. Health details
// may be in there and devices get shared, so (README "What the browser keeps"):
//   - sessionStorage, not localStorage: closing the tab or the browser forgets it;
//   - forgotten on load two hours after the last message, even in a tab left open or restored;
//   - clear() removes every key of ours, on "End chat and clear" and after an erasure.
// Storage may be blocked: fall back to memory.

const MAX_MESSAGES = 120;
export const MAX_AGE_MS = 2 * 3600 * 1000;

function memoryStore() {
  const memory = new Map();
  return {
    get length() {
      return memory.size;
    },
    key: (i) => [...memory.keys()][i] ?? null,
    getItem: (k) => (memory.has(k) ? memory.get(k) : null),
    setItem: (k, v) => memory.set(k, String(v)),
    removeItem: (k) => memory.delete(k),
  };
}

function store(kind) {
  try {
    const s = window[kind];
    const probe = "__lumenchat__";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return memoryStore();
  }
}

function removeKeys(s, prefix) {
  try {
    const ours = [];
    for (let i = 0; i < s.length; i++) if ((s.key(i) || "").startsWith(prefix)) ours.push(s.key(i));
    ours.forEach((k) => s.removeItem(k));
  } catch {
    /* storage blocked: nothing of ours is in it */
  }
}

// The widget's own session ids: 128 random bits as 32 lowercase hex characters (the only
// client-chosen ids the server accepts; any other id needs a resume token).
export const OWN_ID = /^[0-9a-f]{32}$/;

function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const fresh = () => ({ sessionId: randomId(), messages: [], updated: Date.now() });

export function createStorage(prefix) {
  // Earlier versions kept the conversation in localStorage for 24 hours: remove it.
  removeKeys(store("localStorage"), prefix + ":");
  const session = store("sessionStorage");
  const read = (k) => {
    try {
      return JSON.parse(session.getItem(prefix + k));
    } catch {
      return null;
    }
  };
  const write = (k, v) => {
    try {
      session.setItem(prefix + k, JSON.stringify(v));
    } catch {
      /* quota exceeded: the conversation simply isn't kept */
    }
  };

  let state = read(":state");
  if (!state || !state.sessionId || Date.now() - (state.updated || 0) > MAX_AGE_MS) {
    session.removeItem(prefix + ":state");
    state = fresh();
  }

  return {
    sessionId: () => state.sessionId,
    messages: () => state.messages,
    // The server confirmed another id (a resumed conversation, or ours was refused): adopt it.
    // Returns true when it changed; the kept messages are the caller's (e.g. those not sent yet).
    adopt(sessionId, keep = []) {
      if (sessionId === state.sessionId) return false;
      state = { sessionId, messages: keep, updated: Date.now(), resumeToken: state.resumeToken };
      write(":state", state);
      return true;
    },
    // A resume token (from a link sent in a messaging app) stays until the session is one of ours again.
    resumeToken: () => state.resumeToken || "",
    setResumeToken(token) {
      if (token) state.resumeToken = token;
      else delete state.resumeToken;
      write(":state", state);
    },
    save(messages) {
      state.messages = messages.slice(-MAX_MESSAGES);
      state.updated = Date.now();
      write(":state", state);
    },
    // Forget everything kept in this browser; a new session id starts a new conversation.
    clear() {
      removeKeys(session, prefix + ":");
      state = fresh();
    },
    isOpen: () => session.getItem(prefix + ":open") === "1",
    setOpen: (open) => session.setItem(prefix + ":open", open ? "1" : "0"),
    teaserDismissed: () => session.getItem(prefix + ":teaser") === "0",
    dismissTeaser: () => session.setItem(prefix + ":teaser", "0"),
  };
}
