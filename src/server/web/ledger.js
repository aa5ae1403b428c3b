// 整改台账: a unit's returned 台账 and the fields its report shares (picked from the round just
// made, loaded from a file, or typed) become its 整改情况报告; a cell with a problem is named
// in a table of 工作表 / 行 / 列 / 问题.

import { ApiError, call, fileName, postForm, postJson } from "./api.js";
import { fillCellTable } from "./cells.js";
import { alertText, el, saveBlob, say } from "./dom.js";

/** Today as YYYY-MM-DD, in the clerk's time zone. */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class LedgerPanel {
  /** `openDocument(value)` shows a document in 单份文书. */
  constructor(openDocument) {
    this.openDocument = openDocument;
    this.file = document.getElementById("ledger-file");
    this.unit = document.getElementById("ledger-unit");
    this.sharedFile = document.getElementById("ledger-shared-file");
    this.shared = document.getElementById("ledger-shared");
    this.runButton = document.getElementById("ledger-run");
    this.status = document.getElementById("ledger-status");
    this.error = document.getElementById("ledger-error");
    this.rejected = document.getElementById("ledger-rejected");
    this.result = document.getElementById("ledger-result");
    this.fields = new Map();
    this.urls = [];
    this.unit.addEventListener("change", () => this.pick());
    this.sharedFile.addEventListener("change", () => this.loadShared());
    this.runButton.addEventListener("click", () => this.run());
  }

  /** The round just made: its units, each with the shared fields of its report. */
  async roundMade({ documents }) {
    let planned;
    try {
      planned = await documents;
    } catch {
      return;
    }
    this.fields = new Map(planned.units.filter((u) => u.report_fields).map((u) => [u.unit, u.report_fields]));
    this.unit.replaceChildren(
      el("option", { value: "", text: "（未选取）" }),
      ...[...this.fields.keys()].map((unit) => el("option", { value: unit, text: unit })),
    );
  }

  pick() {
    const fields = this.fields.get(this.unit.value);
    if (!fields) return;
    const filled = structuredClone(fields);
    filled.signature ??= {};
    filled.signature.date ??= today();
    this.shared.value = JSON.stringify(filled, null, 2);
  }

  async loadShared() {
    const file = this.sharedFile.files[0];
    if (file) this.shared.value = await file.text();
    this.sharedFile.value = "";
  }

  async run() {
    alertText(this.error, "");
    const file = this.file.files[0];
    if (!file) {
      alertText(this.error, "请先选择单位交回的整改台账（.xlsx）。");
      this.file.focus();
      return;
    }
    if (!this.shared.value.trim()) {
      alertText(this.error, "请填写共用字段：从本轮文书中选取单位，或载入共用字段文件。");
      this.shared.focus();
      return;
    }
    this.runButton.disabled = true;
    say(this.status, "正在生成整改情况报告……");
    const form = new FormData();
    form.append("sheet", file, file.name);
    form.append("shared", this.shared.value);
    try {
      const made = await (await postForm("/v1/sheet/documents", form)).json();
      this.show(made);
    } catch (error) {
      fillCellTable(this.rejected, error instanceof ApiError ? error.errors : []);
      this.result.replaceChildren();
      alertText(this.error, error instanceof ApiError ? error.sentence : error.message);
      say(this.status, "");
    } finally {
      this.runButton.disabled = false;
    }
  }

  show(made) {
    this.urls.forEach((url) => URL.revokeObjectURL(url));
    this.urls = [];
    const failed = made.documents.filter((d) => d.status !== "ok");
    fillCellTable(this.rejected, failed.flatMap((d) => d.errors));
    const good = made.documents.filter((d) => d.status === "ok");
    const notes = made.warnings.length
      ? el("ul", { class: "warnings" }, made.warnings.map((w) => el("li", { text: w })))
      : null;
    this.result.replaceChildren(...(notes ? [notes] : []), ...good.map((d) => this.report(d)));
    const parts = [`${good.length} 份整改情况报告`];
    if (failed.length) parts.push(`${failed.length} 份因台账有问题未生成（见上表）`);
    say(this.status, `已生成：${parts.join("，")}。`);
  }

  /** One report: its title, page 1, and what can be done with it. */
  report(entry) {
    const picture = el("div", { class: "thumbnail" });
    const section = el(
      "section",
      { class: "report" },
      el("h3", { text: entry.title }),
      el(
        "p",
        { class: "actions" },
        el("button", {
          type: "button",
          class: "primary",
          text: "下载整改情况报告（PDF）",
          onclick: () => this.download(entry.document),
        }),
        el("button", {
          type: "button",
          text: "在“单份文书”中打开",
          onclick: () => this.openDocument(entry.document),
        }),
      ),
      picture,
    );
    this.firstPage(entry, picture);
    return section;
  }

  async firstPage(entry, picture) {
    try {
      const response = await call("/v1/render?format=png&page=1&dpi=50", {
        method: "POST",
        body: JSON.stringify(entry.document),
        headers: { "Content-Type": "application/json" },
      });
      const url = URL.createObjectURL(await response.blob());
      this.urls.push(url);
      picture.replaceChildren(el("img", { src: url, alt: `“${entry.title}”首页缩略图` }));
    } catch (error) {
      picture.replaceChildren(el("p", { class: "field-error", role: "alert", text: `无法显示首页：${error instanceof ApiError ? error.sentence : error.message}` }));
    }
  }

  async download(document) {
    try {
      const response = await postJson("/v1/render", document);
      saveBlob(await response.blob(), fileName(response, "整改情况报告.pdf"));
    } catch (error) {
      alertText(this.error, error instanceof ApiError ? error.sentence : error.message);
    }
  }
}
