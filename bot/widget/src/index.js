// Entry point of widget.js: read the <script> tag's settings, mount once the page is ready.
import { readConfig } from "./config.js";
import { mountWidget } from "./ui.js";

(function start() {
  if (window.LumenChat) return; // the tag was included twice
  const config = readConfig(); // must run now: document.currentScript is only set during this execution
  const mount = () => {
    window.LumenChat = mountWidget(config);
  };
  window.LumenChat = { pending: true };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
  else mount();
})();
