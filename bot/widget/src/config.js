// Settings from the embedding <script> tag's data attributes, plus UI strings.

const STRINGS = {
  en: {
    title: "Chat with us",
    subtitle: "Virtual assistant · replies in seconds",
    greeting: "Hello! Questions about scar, stretch mark, scalp, vitiligo or areola micropigmentation? I'm here to help.",
    open: "Open chat",
    close: "Close chat",
    unread: (n) => `${n} unread ${n === 1 ? "message" : "messages"}`,
    placeholder: "Write a message…",
    inputLabel: "Your message",
    send: "Send",
    human: "Talk to a person",
    humanShort: "Person",
    privacy: "Privacy notice",
    privacyLead: "Share only the health details needed.",
    you: "You",
    bot: "Assistant",
    typing: "The assistant is typing…",
    connecting: "Connecting…",
    reconnecting: "Reconnecting… your messages will be sent when the connection is back.",
    online: "Online",
    offline: "Reconnecting…",
    queued: "Not sent yet",
    teaserClose: "Dismiss",
    log: "Conversation",
    options: "Reply options",
    resumed: "Welcome back: this chat continues your conversation from the messaging app.",
    endChat: "End chat and clear",
    clearTitle: "Clear this chat from this browser?",
    clearText: "This removes the conversation from this device only. The studio keeps what you have already " +
      "sent; to erase that too, choose “Delete my data”.",
    clearYes: "Clear this browser",
    erase: "Delete my data",
    cancel: "Cancel",
    cleared: "This chat was cleared from this browser. The studio still has what you sent. Write to start a new chat.",
    erased: "Your data was erased from the studio's records, and this chat from this browser.",
    staff: (name) => `${name} · from the studio`,
  },
  es: {
    title: "Chatea con nosotros",
    subtitle: "Asistente virtual · responde en segundos",
    greeting: "¡Hola! ¿Preguntas sobre micropigmentación de cicatrices, estrías, cuero cabelludo, vitíligo o areola? Estoy aquí para ayudarte.",
    open: "Abrir chat",
    close: "Cerrar chat",
    unread: (n) => `${n} ${n === 1 ? "mensaje nuevo" : "mensajes nuevos"}`,
    placeholder: "Escribe un mensaje…",
    inputLabel: "Tu mensaje",
    send: "Enviar",
    human: "Hablar con una persona",
    humanShort: "Persona",
    privacy: "Aviso de privacidad",
    privacyLead: "Comparte solo los datos de salud necesarios.",
    you: "Tú",
    bot: "Asistente",
    typing: "El asistente está escribiendo…",
    connecting: "Conectando…",
    reconnecting: "Reconectando… tus mensajes se enviarán al recuperar la conexión.",
    online: "En línea",
    offline: "Reconectando…",
    queued: "Pendiente de envío",
    teaserClose: "Cerrar",
    log: "Conversación",
    options: "Opciones de respuesta",
    resumed: "Hola de nuevo: este chat continúa tu conversación de la aplicación de mensajería.",
    endChat: "Terminar y borrar el chat",
    clearTitle: "¿Borrar este chat de este navegador?",
    clearText: "Esto quita la conversación solo de este dispositivo. El estudio conserva lo que ya enviaste; " +
      "para borrarlo también, elige «Borrar mis datos».",
    clearYes: "Borrar de este navegador",
    erase: "Borrar mis datos",
    cancel: "Cancelar",
    cleared: "Este chat se borró de este navegador. El estudio conserva lo que enviaste. " +
      "Escribe para empezar otro chat.",
    erased: "Tus datos se borraron de los registros del estudio, y este chat de este navegador.",
    staff: (name) => `${name} · del estudio`,
  },
};

function findScript() {
  return document.currentScript || document.querySelector("script[data-server][src*='widget.js']");
}

function safeUrl(value) {
  if (!value) return "";
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
  } catch {
    return "";
  }
}

function safeColor(value) {
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value || "") ? value : "#2f6b66";
}

export function readConfig() {
  const script = findScript();
  const data = (script && script.dataset) || {};
  const lang = (data.lang || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  const t = STRINGS[lang] || STRINGS.en;
  const scriptUrl = script && script.src ? script.src : document.baseURI;
  const server = safeUrl(data.server) || "http://localhost:5005";
  return {
    server,
    socketPath: data.socketPath || "/socket.io",
    title: data.title || t.title,
    subtitle: data.subtitle || t.subtitle,
    color: safeColor(data.color),
    position: data.position === "left" ? "left" : "right",
    greeting: data.greeting || t.greeting,
    startPayload: data.startPayload === undefined ? "/greet" : data.startPayload,
    humanPayload: data.humanPayload || "/human_handoff",
    erasePayload: data.erasePayload || "/delete_my_data",
    privacyUrl: safeUrl(data.privacyUrl),
    lang: STRINGS[lang] ? lang : "en",
    cssUrl: new URL("widget.css", scriptUrl).href,
    storageKey: "lumenchat:" + (data.storageKey || new URL(server).host),
    t,
  };
}
