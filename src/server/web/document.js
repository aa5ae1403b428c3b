// 单份文书: choose a kind, fill the form made from its schema (or load its sample or a JSON
// file), see the pages while typing and the service's errors beside their fields, download
// the document as PDF, OFD, PDF/A, a Word draft (for 审签 revisions) or JSON.

import { ApiError, call, fileName, getJson, postJson } from "./api.js";
import { alertText, el, saveBlob, say } from "./dom.js";
import { SchemaForm } from "./form.js";

/** Milliseconds of quiet typing before the preview is made again. */
const DEBOUNCE = 600;
/** Resolution of the preview pages. */
const PREVIEW_DPI = 80;

/** How each download button asks for the document. */
const DOWNLOADS = {
  pdf: { query: "", extension: "pdf", what: "PDF" },
  ofd: { query: "?format=ofd", extension: "ofd", what: "OFD" },
  pdfa: { query: "?pdf_standard=a-2b", extension: "pdf", what: "PDF/A" },
  docx: { query: "?format=docx", extension: "docx", what: "Word 草稿" },
};

export class DocumentPanel {
  constructor() {
    this.select = document.getElementById("doc-kind");
    this.formNode = document.getElementById("doc-form");
    this.error = document.getElementById("doc-error");
    this.preview = document.getElementById("doc-preview");
    this.status = document.getElementById("doc-preview-status");
    this.pages = document.getElementById("doc-pages");
    this.schemas = new Map();
    this.values = new Map();
    this.timer = 0;
    this.sequence = 0;
    this.controller = null;
    this.urls = [];
    this.kinds = [];
    this.select.addEventListener("change", () => this.choose(this.select.value));
    document.getElementById("doc-sample").addEventListener("click", () => this.loadSample());
    document.getElementById("doc-clear").addEventListener("click", () => this.clear());
    document.getElementById("doc-open").addEventListener("change", (event) => this.openFile(event.target));
    for (const button of document.querySelectorAll(".downloads button")) {
      button.addEventListener("click", () => this.download(button.dataset.format));
    }
  }

  /** Fills the select with the kinds (`/v1/kinds`) and shows the first. */
  async start(kinds) {
    this.kinds = kinds;
    this.select.replaceChildren(...kinds.map((k) => el("option", { value: k.doc_kind, text: k.name })));
    await this.choose(kinds[0].doc_kind);
  }

  /** The Chinese name of a kind. */
  nameOf(docKind) {
    return this.kinds.find((k) => k.doc_kind === docKind)?.name || docKind;
  }

  async schemaOf(kind) {
    if (!this.schemas.has(kind)) this.schemas.set(kind, await getJson(`/v1/schema/${encodeURIComponent(kind)}`));
    return this.schemas.get(kind);
  }

  /** Shows the form of `kind`, with what was typed for it before. */
  async choose(kind, value) {
    alertText(this.error, "");
    this.select.value = kind;
    let schema;
    try {
      schema = await this.schemaOf(kind);
    } catch (error) {
      this.fail(error);
      return;
    }
    const shown = value ?? this.values.get(kind) ?? { doc_kind: kind };
    this.values.set(kind, shown);
    this.form = new SchemaForm(this.formNode, schema, () => this.schedule(DEBOUNCE));
    this.form.setValue(shown);
    this.resetPreview();
    if (Object.keys(shown).length > 1) this.schedule(0);
  }

  /** Shows a document of any kind (a sample, a file, a document of the round). */
  async load(value) {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      alertText(this.error, "文件内容应为一份文书（JSON 对象）");
      return;
    }
    const kind = value.doc_kind;
    if (!this.kinds.some((k) => k.doc_kind === kind)) {
      const known = this.kinds.map((k) => `${k.doc_kind}（${k.name}）`).join("、");
      alertText(this.error, `无法识别文书种类“${kind ?? ""}”：doc_kind 应为 ${known}`);
      return;
    }
    await this.choose(kind, value);
  }

  async loadSample() {
    try {
      await this.load(await getJson(`/v1/sample/${encodeURIComponent(this.select.value)}`));
    } catch (error) {
      this.fail(error);
    }
  }

  async clear() {
    this.values.delete(this.select.value);
    await this.choose(this.select.value);
  }

  async openFile(input) {
    const file = input.files[0];
    if (!file) return;
    let value;
    try {
      value = JSON.parse(await file.text());
    } catch (error) {
      alertText(this.error, `“${file.name}”不是有效的 JSON：${error.message}`);
      return;
    } finally {
      input.value = "";
    }
    await this.load(value);
  }

  schedule(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  resetPreview() {
    clearTimeout(this.timer);
    this.controller?.abort();
    this.urls.forEach((url) => URL.revokeObjectURL(url));
    this.urls = [];
    this.pages.replaceChildren();
    this.preview.dataset.state = "empty";
    delete this.preview.dataset.pages;
    say(this.status, "填写或载入示例后显示预览。");
  }

  /** Checks the document, shows its errors, and makes its pages again when it is valid. */
  async refresh() {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const value = this.form.value;
    const body = JSON.stringify(value);
    this.preview.dataset.state = "busy";
    say(this.status, "正在检查……");
    let checked;
    try {
      checked = await (await postJson("/v1/validate", value, { signal })).json();
    } catch (error) {
      if (error.name === "AbortError") return;
      if (error instanceof ApiError && error.status === 422) {
        this.form.showProblems(error.errors);
        this.pages.classList.add("stale");
        this.preview.dataset.state = "invalid";
        const count = error.errors.length;
        say(this.status, `有 ${count} 处需要修改（见表单中标红处）；修改后预览自动更新。`);
        return;
      }
      this.previewFailed(error);
      return;
    }
    this.form.showProblems([], checked.warnings);
    say(this.status, "正在排版预览……");
    try {
      const images = [];
      const first = await this.page(body, 1, signal);
      const count = Number(first.response.headers.get("X-Page-Count")) || 1;
      images.push(first.url);
      this.showPages(images, count);
      for (let page = 2; page <= count; page += 1) {
        images.push((await this.page(body, page, signal)).url);
        this.showPages(images, count);
      }
      this.preview.dataset.state = "ready";
      this.preview.dataset.seq = String(Number(this.preview.dataset.seq) + 1);
      say(this.status, `共 ${count} 页。`);
    } catch (error) {
      if (error.name === "AbortError") return;
      this.previewFailed(error);
    }
  }

  /** Page `n` as PNG, fetched with the token and kept as a blob URL. */
  async page(body, n, signal) {
    const response = await call(`/v1/render?format=png&page=${n}&dpi=${PREVIEW_DPI}`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json" },
      signal,
    });
    const url = URL.createObjectURL(await response.blob());
    return { response, url };
  }

  /** Replaces the shown pages with `urls` (the rest still to come). */
  showPages(urls, count) {
    const old = this.urls.filter((url) => !urls.includes(url));
    this.urls = [...urls];
    this.pages.classList.remove("stale");
    this.pages.replaceChildren(
      ...urls.map((url, i) => el("figure", {}, el("img", { src: url, alt: `第${i + 1}页`, width: 661, height: 935 }))),
    );
    this.preview.dataset.pages = String(count);
    old.forEach((url) => URL.revokeObjectURL(url));
  }

  previewFailed(error) {
    this.preview.dataset.state = "error";
    this.pages.classList.add("stale");
    say(this.status, `预览失败：${error instanceof ApiError ? error.sentence : error.message}`);
  }

  /** Downloads the document as `format` (pdf, ofd, pdfa, json). */
  async download(format) {
    alertText(this.error, "");
    const value = this.form?.value;
    if (!value) return;
    const stem = (typeof value.title === "string" && value.title.trim()) || this.nameOf(value.doc_kind);
    if (format === "json") {
      saveBlob(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: "application/json" }), `${stem}.json`);
      return;
    }
    const { query, extension, what } = DOWNLOADS[format];
    try {
      const response = await postJson(`/v1/render${query}`, value);
      saveBlob(await response.blob(), fileName(response, `${stem}.${extension}`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) this.form.showProblems(error.errors);
      alertText(this.error, `无法生成${what}：${error instanceof ApiError ? error.sentence : error.message}`);
    }
  }

  fail(error) {
    alertText(this.error, error instanceof ApiError ? error.sentence : error.message);
  }
}
