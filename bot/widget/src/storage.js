// The session id and the rendered conversation, kept in the visitor's browser so
// a reload continues where it left off. Storage may be blocked: fall back to memory.

const MAX_MESSAGES = 120;
// Health details may be in there and devices get shared: forget a conversation a day after its last message.
const MAX_AGE_MS = 24 * 3600 * 1000;

function store(kind) {
  try {
    const s = window[kind];
    const probe = "__lumenchat__";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    const memory = new Map();
    return {
      getItem: (k) => (memory.has(k) ? memory.get(k) : null),
      setItem: (k, v) => memory.set(k, String(v)),
      removeItem: (k) => memory.delete(k),
    };
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

export function createStorage(prefix) {
  const local = store("localStorage");
  const session = store("sessionStorage");
  const read = (k) => {
    try {
      return JSON.parse(local.getItem(prefix + k));
    } catch {
      return null;
    }
  };
  const write = (k, v) => {
    try {
      local.setItem(prefix + k, JSON.stringify(v));
    } catch {
      /* quota exceeded: the conversation simply isn't kept */
    }
  };

  let state = read(":state");
  if (!state || !state.sessionId || Date.now() - (state.updated || 0) > MAX_AGE_MS) {
    state = { sessionId: randomId(), messages: [], updated: Date.now() };
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
    isOpen: () => session.getItem(prefix + ":open") === "1",
    setOpen: (open) => session.setItem(prefix + ":open", open ? "1" : "0"),
    teaserDismissed: () => session.getItem(prefix + ":teaser") === "0",
    dismissTeaser: () => session.setItem(prefix + ":teaser", "0"),
  };
}
