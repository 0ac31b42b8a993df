// Learned item codes (customer code -> SKU) people taught the gateway; a supervisor can undo one.
import { api } from "./api.js";
import { fill, h } from "./dom.js";
import { t } from "./i18n.js";

export async function render(view, _arg, ctx) {
  const body = h("tbody");
  const can = ctx.me.role === "supervisor";
  const load = async () => {
    const { learned } = await api("/v1/learned-items");
    fill(body, learned.length ? learned.map((x) => h("tr", { dataset: { item: x.customer_item } },
      h("td", {}, x.customer_id), h("td", { class: "mono" }, x.customer_item), h("td", { class: "mono" }, x.sku),
      h("td", {}, can ? h("button", { type: "button", class: "danger undo", onclick: () => undo(x) }, t("learned.undo")) : null)))
      : [h("tr", {}, h("td", { colspan: 4 }, t("learned.empty")))]);
  };
  const undo = async (x) => {
    try {
      await api(`/v1/learned-items/${encodeURIComponent(x.customer_id)}/${encodeURIComponent(x.customer_item)}`, { method: "DELETE" });
      ctx.toast(t("learned.undone"), "ok");
      await load();
    } catch (err) {
      ctx.toast(err.message, "error");
    }
  };
  view.append(h("section", { class: "learned" }, h("h1", {}, t("learned.title")),
    h("table", { class: "grid" }, h("thead", {}, h("tr", {}, ["customer", "customer_item", "sku"].map((k) => h("th", {}, t(`field.${k}`))), h("th"))), body)));
  await load();
}
