// The reply to the customer: composed from the order's hold reasons in the customer's language,
// sent through the gateway's mail relay, threaded on the e-mail the order came in.
import { api, once } from "./api.js";
import { fill, h } from "./dom.js";
import { errorMessage, fmtDateTime, getLang, t } from "./i18n.js";

function replyId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A dialog for order ``orderId``; returns {dialog, open()}. */
export function replyDialog(orderId, ctx) {
  const path = `/v1/orders/${encodeURIComponent(orderId)}/reply`;
  const to = h("output", { id: "reply-to", class: "mono" });
  const lang = h("select", { name: "reply_language", id: "reply-language" },
    ["fr", "de", "en"].map((l) => h("option", { value: l }, t(`reply.lang.${l}`))));
  const subject = h("input", { name: "reply_subject", id: "reply-subject", maxlength: 250, autocomplete: "off" });
  const body = h("textarea", { name: "reply_body", id: "reply-body", rows: 14 });
  const note = h("p", { class: "alert", id: "reply-refused", hidden: true });
  const sent = h("ul", { class: "comments", id: "reply-sent" });
  const sentHead = h("h3", { hidden: true }, t("reply.sent"));
  const send = h("button", { type: "button", class: "primary", id: "reply-send" }, t("reply.send"));
  const close = h("button", { type: "button", class: "secondary", id: "reply-close" }, t("review.cancel"));
  const dialog = h("dialog", { class: "reply-dialog" },
    h("h2", {}, t("reply.title")), note,
    h("div", { class: "reply-grid" },
      h("label", {}, t("reply.to"), to), h("label", {}, t("reply.language"), lang),
      h("label", { class: "wide" }, t("reply.subject"), subject), h("label", { class: "wide" }, t("reply.body"), body)),
    h("div", { class: "actions" }, close, send), sentHead, sent);
  let id = replyId();

  const load = async (language) => {
    const draft = await api(`${path}${language ? `?lang=${language}` : ""}`);
    to.textContent = draft.to || "—";
    lang.value = draft.language;
    subject.value = draft.subject;
    body.value = draft.body;
    note.hidden = draft.can_send;
    const from = draft.refusal?.sender ? ` (${t(`channel.${draft.channel}`, {}, draft.channel)} : ${draft.refusal.sender})` : "";
    note.textContent = !draft.refusal ? "" : getLang() === "fr"
      ? `${errorMessage(draft.refusal.code, draft.refusal.message)}${from}` : draft.refusal.message;
    for (const el of [subject, body, lang, send]) el.disabled = !draft.can_send || !ctx.me.can_write;
    sentHead.hidden = !draft.sent.length;
    fill(sent, draft.sent.map((r) => h("li", {}, h("span", { class: "who-did" }, `${r.user} · ${fmtDateTime(r.at)}`), " ", r.subject)));
    dialog.dataset.ready = "1";
  };

  lang.addEventListener("change", () => load(lang.value).catch((err) => ctx.toast(err.message, "error")));
  close.addEventListener("click", () => dialog.close());
  send.addEventListener("click", once(async () => {
    try {
      const r = await api(path, { method: "POST", body: { subject: subject.value, body: body.value, reply_id: id, language: lang.value } });
      ctx.toast(t("reply.done", { to: r.to }), "ok");
      id = replyId();  // the next reply is another message
      dialog.close();
    } catch (err) {
      ctx.toast(`${t("reply.failed")}: ${err.message}`, "error");
    }
  }));

  return {
    dialog,
    async open() {
      delete dialog.dataset.ready;
      dialog.showModal();
      try { await load(); } catch (err) { ctx.toast(err.message, "error"); dialog.close(); }
    },
  };
}
