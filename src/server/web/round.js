// 整轮文书: the empty register to download; a filled one uploaded becomes the round's zip,
// read here: every document listed by unit (kind, title, pages, page 1 on demand), every row
// with a problem in a table, and the whole zip, a unit's files or one file to download.

import { ApiError, call, fileName, postForm } from "./api.js";
import { bareMessage, fillCellTable } from "./cells.js";
import { alertText, el, saveBlob, say } from "./dom.js";
import { Zip } from "./zip.js";

const MEDIA_TYPES = {
  pdf: "application/pdf",
  ofd: "application/ofd",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json",
};

function mediaType(name) {
  return MEDIA_TYPES[name.split(".").pop().toLowerCase()] || "application/octet-stream";
}

/** A document's file name without its number and extension: “巡察抄告单（刘赟）”. */
function stem(name) {
  return name.replace(/^\d+-/, "").replace(/\.[^.]+$/, "");
}

export class RoundPanel {
  /** `nameOf(doc_kind)` gives a kind's Chinese name; `onRound(round)` hears of each new round. */
  constructor(nameOf, onRound) {
    this.nameOf = nameOf;
    this.onRound = onRound;
    this.input = document.getElementById("round-register");
    this.runButton = document.getElementById("round-run");
    this.status = document.getElementById("round-status");
    this.error = document.getElementById("round-error");
    this.result = document.getElementById("round-result");
    this.zipLink = document.getElementById("round-zip");
    this.summary = document.getElementById("round-summary");
    this.rejected = document.getElementById("round-rejected");
    this.units = document.getElementById("round-units");
    this.zipUrl = null;
    this.thumbnails = [];
    document.getElementById("round-template").addEventListener("click", () => this.template());
    this.runButton.addEventListener("click", () => this.run());
  }

  async template() {
    alertText(this.error, "");
    try {
      const response = await call("/v1/round/template");
      saveBlob(await response.blob(), fileName(response, "登记表.xlsx"));
    } catch (error) {
      alertText(this.error, this.sentence(error));
    }
  }

  sentence(error) {
    return error instanceof ApiError ? error.sentence : error.message;
  }

  /** Uploads the register, reads the round's zip and lists what it holds. */
  async run() {
    const file = this.input.files[0];
    alertText(this.error, "");
    if (!file) {
      alertText(this.error, "请先选择登记表文件（.xlsx）。");
      this.input.focus();
      return;
    }
    this.runButton.disabled = true;
    say(this.status, "正在生成本轮全部文书，请稍候……");
    const form = new FormData();
    form.append("register", file, file.name);
    try {
      const response = await postForm("/v1/round", form);
      const blob = await response.blob();
      const zip = await Zip.of(blob);
      const manifest = JSON.parse(await zip.text("manifest.json"));
      const zipName = fileName(response, "本轮文书.zip");
      // The documents as JSON (for page-1 pictures and the 台账's shared fields).
      const documents = postForm("/v1/round/documents", form).then((r) => r.json());
      this.show({ zip, blob, manifest, zipName, documents });
      this.onRound({ manifest, documents });
    } catch (error) {
      this.result.hidden = true;
      if (error instanceof ApiError && error.errors.length > 0) {
        this.result.hidden = false;
        this.units.replaceChildren();
        this.zipLink.hidden = true;
        this.summary.textContent = "";
        fillCellTable(this.rejected, error.errors);
      }
      alertText(this.error, this.sentence(error));
      say(this.status, "");
    } finally {
      this.runButton.disabled = false;
    }
  }

  show({ zip, blob, manifest, zipName, documents }) {
    if (this.zipUrl) URL.revokeObjectURL(this.zipUrl);
    this.thumbnails.forEach((url) => URL.revokeObjectURL(url));
    this.thumbnails = [];
    this.zipUrl = URL.createObjectURL(blob);
    this.zipLink.href = this.zipUrl;
    this.zipLink.download = zipName;
    this.zipLink.hidden = false;
    const problems = [
      ...manifest.rejected,
      ...manifest.documents.filter((d) => d.status !== "ok").flatMap((d) => d.errors),
    ];
    fillCellTable(this.rejected, problems);
    const failed = manifest.documents.filter((d) => d.status !== "ok").length;
    const parts = [`${manifest.ok} 份文书`, `${manifest.workbooks.length} 个工作簿`];
    if (failed) parts.push(`${failed} 份未生成`);
    if (manifest.rejected.length) parts.push(`登记表中 ${manifest.rejected.length} 行未采用`);
    this.summary.textContent = "zip 压缩包，含全部文书、工作簿和清单 manifest.json；各单位的文件也可单独下载，发给该单位。";
    say(this.status, `已生成：${parts.join("，")}。`);

    const byOutput = new Map(manifest.documents.filter((d) => d.output).map((d) => [d.output, d]));
    const workbooks = new Map(manifest.workbooks.map((w) => [w.output, w]));
    const placed = new Set();
    const sections = manifest.units.map((unit) => {
      unit.files.forEach((f) => placed.add(f));
      return this.unitSection(unit.unit, unit.files, { zip, byOutput, workbooks, documents });
    });
    const failedDocuments = manifest.documents.filter((d) => d.status !== "ok");
    const rest = [...manifest.documents.map((d) => d.output), ...manifest.workbooks.map((w) => w.output)]
      .filter((name) => name && !placed.has(name));
    if (rest.length) sections.push(this.unitSection(null, rest, { zip, byOutput, workbooks, documents }));
    if (failedDocuments.length) sections.push(this.failedSection(failedDocuments));
    this.units.replaceChildren(...sections);
    this.result.hidden = false;
  }

  /** A unit's files (or, for `unit` null, the round's own) with their downloads. */
  unitSection(unit, files, context) {
    const { zip, byOutput, workbooks } = context;
    const title = unit ?? "全轮文书（建议书、共性问题清单、问题线索清单）";
    const heading = el("h3", { text: title });
    const rows = files.map((name) => {
      const document = byOutput.get(name);
      const workbook = workbooks.get(name);
      const kind = document ? this.nameOf(document.doc_kind) : "工作簿";
      // A document's file name says more than its title (a 抄告单's names its 抄告对象).
      const label = document ? stem(name) : workbook?.title ?? name;
      const cellOfPicture = el("td", { class: "thumbnail" });
      const actions = el(
        "td",
        { class: "file-actions" },
        el("button", {
          type: "button",
          text: "下载",
          "aria-label": `下载 ${name}`,
          onclick: async () => saveBlob(await zip.file(name, mediaType(name)), name),
        }),
        document
          ? el("button", {
              type: "button",
              text: "查看首页",
              "aria-label": `查看“${label}”的首页`,
              onclick: (event) => this.thumbnail(event.target, document, label, cellOfPicture, context),
            })
          : null,
      );
      return el(
        "tr",
        {},
        el("td", { text: kind }),
        el("th", { scope: "row", text: label }),
        el("td", { class: "number", text: document?.pages ?? "—" }),
        actions,
        cellOfPicture,
      );
    });
    const table = el(
      "table",
      { class: "files" },
      el("caption", { class: "visually-hidden", text: `${title}的文件` }),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ["种类", "标题", "页数", "操作", "首页"].map((h) => el("th", { scope: "col", text: h })),
        ),
      ),
      el("tbody", {}, rows),
    );
    const zipName = `${unit ?? "全轮文书"}.zip`;
    const all = el("button", {
      type: "button",
      text: unit ? "下载本单位全部文件" : "下载这些文件",
      "aria-label": `下载“${title}”的全部文件（zip）`,
      onclick: () => saveBlob(zip.subset(files), zipName),
      disabled: files.length === 0,
    });
    return el("section", { class: "unit" }, heading, el("p", {}, all), table);
  }

  failedSection(documents) {
    return el(
      "section",
      { class: "unit failed" },
      el("h3", { text: "未生成的文书" }),
      el(
        "ul",
        {},
        documents.map((d) => el("li", {}, d.message || d.title || "文书未生成", el("ul", {}, d.errors.map((e) => el("li", { text: bareMessage(e) }))))),
      ),
    );
  }

  /** Page 1 of a document of the round, made from its JSON on demand. */
  async thumbnail(button, entry, label, cell, { documents }) {
    button.disabled = true;
    try {
      const planned = (await documents).documents.find((d) => d.index === entry.index);
      if (!planned?.document) throw new Error("找不到这份文书的内容");
      const response = await call("/v1/render?format=png&page=1&dpi=40", {
        method: "POST",
        body: JSON.stringify(planned.document),
        headers: { "Content-Type": "application/json" },
      });
      const url = URL.createObjectURL(await response.blob());
      this.thumbnails.push(url);
      cell.replaceChildren(el("img", { src: url, alt: `“${label}”首页缩略图` }));
      button.remove();
    } catch (error) {
      button.disabled = false;
      cell.replaceChildren(el("p", { class: "field-error", role: "alert", text: `无法显示首页：${this.sentence(error)}` }));
    }
  }
}
