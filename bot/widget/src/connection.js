// Rasa's socket.io channel with session persistence (bot/widget/channel.py):
//   connect -> emit session_request {session_id, resume_token?} -> wait for session_confirm(id)
//   The server may confirm another id than ours (a resumed conversation, or a refused id):
//   onConfirm(id) adopts it before anything queued is sent.
//   emit user_uttered {message, session_id, metadata}; replies arrive as bot_uttered.
//   restart() asks for a new session on the same socket (after an erasure, or "End chat and clear").
// Messages are queued until the session is confirmed, so nothing typed while the
// network is down is lost. Rasa acknowledges a message once it has processed it;
// a message still unacknowledged when the connection drops, with no reply seen
// since it was sent, is queued again and re-sent after reconnecting.
import { io } from "socket.io-client";

export function createConnection({ server, path, session, metadata, onConfirm, onMessage, onStatus, onSent, onIdle }) {
  const queue = []; // {id, text} waiting for a confirmed session
  const inflight = new Map(); // id -> {item, replied}
  let confirmed = false;
  let everConfirmed = false;
  let socket = null;

  const setStatus = (status) => onStatus(status);

  function flush() {
    while (confirmed && socket && socket.connected && queue.length) {
      const item = queue.shift();
      const entry = { item, replied: false };
      inflight.set(item.id, entry);
      socket.emit("user_uttered", { message: item.text, session_id: session.id(), metadata }, () => {
        inflight.delete(item.id);
        if (!inflight.size) onIdle();
      });
      onSent(item.id);
    }
  }

  function requestSession() {
    const request = { session_id: session.id() };
    const token = session.resumeToken();
    if (token) request.resume_token = token;
    socket.emit("session_request", request);
  }

  function connect() {
    if (socket) return;
    setStatus("connecting");
    socket = io(server, {
      path,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelay: 800,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });
    socket.on("connect", requestSession);
    socket.on("session_confirm", (id) => {
      if (typeof id === "string" && id) onConfirm(id);
      confirmed = everConfirmed = true;
      setStatus("online");
      flush();
    });
    socket.on("bot_uttered", (message) => {
      if (!confirmed) return; // a late reply to a session given up (restart) while the new one is confirmed
      for (const entry of inflight.values()) entry.replied = true;
      if (message && typeof message === "object") onMessage(message);
    });
    socket.on("disconnect", (reason) => {
      confirmed = false;
      const lost = [...inflight.values()].filter((e) => !e.replied).map((e) => e.item);
      inflight.clear();
      queue.unshift(...lost);
      lost.forEach((item) => onSent(item.id, false));
      onIdle();
      setStatus(everConfirmed ? "reconnecting" : "connecting");
      // The server closed us on purpose: socket.io won't retry by itself.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1000);
    });
    socket.on("connect_error", () => setStatus("reconnecting"));
    window.addEventListener("online", () => socket && !socket.connected && socket.connect());
    // engine.io drops the connection on "offline" itself, except for localhost: do it here for all
    window.addEventListener("offline", () => socket && socket.io.engine && socket.io.engine.close());
  }

  // The conversation was erased or cleared: drop what is waiting and ask the server to confirm the
  // new session id (session.id() has changed) before anything else is sent or shown.
  function restart() {
    queue.length = 0;
    inflight.clear();
    onIdle();
    confirmed = false;
    if (socket && socket.connected) requestSession();
  }

  return {
    connect,
    restart,
    ready: () => Boolean(confirmed && socket && socket.connected),
    send(item) {
      queue.push(item);
      connect();
      flush();
    },
  };
}
