// Message text to DOM nodes without innerHTML: every character stays text, and
// only http(s) URLs become links. Line breaks are kept by CSS (pre-wrap).

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"»]+$/;

export function renderText(parent, text) {
  const value = String(text == null ? "" : text);
  let last = 0;
  for (const match of value.matchAll(URL_RE)) {
    let url = match[0];
    const trail = url.match(TRAILING);
    // keep a closing parenthesis that belongs to the URL, e.g. .../Foo_(bar)
    if (trail && !(trail[0] === ")" && url.includes("("))) url = url.slice(0, -trail[0].length);
    parent.append(value.slice(last, match.index));
    const a = document.createElement("a");
    a.href = url;
    a.textContent = url.replace(/^https?:\/\//, "").replace(/\/$/, "");
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    parent.append(a);
    last = match.index + url.length;
  }
  parent.append(value.slice(last));
  return parent;
}
