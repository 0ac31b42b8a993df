// The login page: translated labels, the error of a refused attempt, the language switch.
import { applyStatic, getLang, setLang, t } from "./i18n.js";

function render() {
  applyStatic(document);
  const error = document.getElementById("login-error");
  const code = error.dataset.error;
  error.hidden = !code;
  if (code) error.textContent = t(`error.${code}`);
  for (const b of document.querySelectorAll(".lang")) b.setAttribute("aria-pressed", String(b.dataset.lang === getLang()));
}

for (const b of document.querySelectorAll(".lang")) {
  b.addEventListener("click", () => { setLang(b.dataset.lang); render(); });
}
render();
