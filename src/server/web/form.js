// A form generated from a kind's JSON Schema, over the subset the kinds use: objects, arrays
// (add and remove), enums (a select), strings (dates as date inputs, long texts as text
// areas), numbers, booleans and local `$ref`s; anything else is edited as JSON. Labels are
// the schema's Chinese `title`s, options of coded enums its `x-enum-descriptions`. The form
// edits a JSON value in place; the service's errors appear beside the field their JSON
// Pointer names, each as role="alert" inside the field's container (`data-path`).

import { el, uid } from "./dom.js";

/** Texts that may be longer than this many characters get a text area. */
const LONG_TEXT = 120;
/** Members of a document kept under “高级设置”. */
const ADVANCED = ["template", "render_hints", "extra"];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One JSON Pointer segment. */
function segment(name) {
  return String(name).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** What control a (resolved) schema gets. */
function kindOf(schema) {
  if (Array.isArray(schema.enum)) return "enum";
  if (schema.type === "object" && schema.properties) return "object";
  if (schema.type === "array" && schema.items) return "array";
  if (schema.type === "string") return schema.format === "date" ? "date" : "string";
  if (schema.type === "integer" || schema.type === "number") return "number";
  if (schema.type === "boolean") return "boolean";
  return "json";
}

export class SchemaForm {
  /** A form in `root` for documents of `schema`; `onChange(value)` after every edit. */
  constructor(root, schema, onChange) {
    this.root = root;
    this.schema = schema;
    this.definitions = schema.$defs || {};
    this.onChange = onChange;
    this.value = {};
  }

  /** Shows `value` (edited in place from now on). */
  setValue(value) {
    this.value = value;
    this.root.replaceChildren();
    this.root.dataset.path = "";
    this.summary = el("ul", { class: "form-errors", "aria-label": "其他问题" });
    const fields = [];
    const advanced = [];
    const required = new Set(this.schema.required || []);
    for (const [name, property] of Object.entries(this.schema.properties || {})) {
      if (name === "doc_kind") continue;
      const field = this.member(property, `/${segment(name)}`, this.value, name, required.has(name));
      (ADVANCED.includes(name) ? advanced : fields).push(field);
    }
    const more = el("details", { class: "advanced" }, el("summary", { text: "高级设置（模板、排版提示、自定义字段）" }), advanced);
    this.root.append(this.summary, ...fields, more);
  }

  /** The schema with its `$ref` followed; the referring schema's own words (title) win. */
  resolve(schema) {
    let node = schema || {};
    const own = {};
    for (let depth = 0; depth < 16; depth += 1) {
      if (node.$ref) {
        const { $ref, ...rest } = node;
        for (const [k, v] of Object.entries(rest)) if (!(k in own)) own[k] = v;
        node = this.definitions[$ref.replace("#/$defs/", "")] || {};
      } else if (Array.isArray(node.allOf) && node.allOf.length === 1) {
        const { allOf, ...rest } = node;
        for (const [k, v] of Object.entries(rest)) if (!(k in own)) own[k] = v;
        node = allOf[0];
      } else break;
    }
    return { ...node, ...own };
  }

  /** The field of member `name` of the object `parent`, at `path`. */
  member(property, path, parent, name, required) {
    const schema = this.resolve(property);
    const label = schema.title || String(name);
    const kind = kindOf(schema);
    if (kind === "object") {
      if (parent[name] === undefined && !required) return this.absentObject(schema, path, parent, name, label);
      if (parent[name] === undefined) parent[name] = {};
      return this.objectBox(schema, path, parent, name, label, required);
    }
    if (kind === "array") return this.arrayBox(schema, path, parent, name, label, required);
    return this.scalar(schema, kind, path, parent, name, label, required);
  }

  /** An optional object left out: a button that adds it. */
  absentObject(schema, path, parent, name, label) {
    const box = el("div", { class: "field absent", "data-path": path });
    box.append(
      el("button", {
        type: "button",
        text: `添加“${label}”`,
        onclick: () => {
          parent[name] = {};
          const filled = this.objectBox(schema, path, parent, name, label, false);
          box.replaceWith(filled);
          filled.querySelector("input, select, textarea")?.focus();
          this.changed();
        },
      }),
    );
    return box;
  }

  objectBox(schema, path, parent, name, label, required) {
    const box = el("fieldset", { class: "object", "data-path": path }, el("legend", { text: label }));
    const own = new Set(schema.required || []);
    const value = parent[name];
    for (const [member, property] of Object.entries(schema.properties || {})) {
      box.append(this.member(property, `${path}/${segment(member)}`, value, member, own.has(member)));
    }
    if (!required && !Array.isArray(parent)) {
      box.append(
        el("button", {
          type: "button",
          class: "remove",
          text: `删除“${label}”`,
          onclick: () => {
            delete parent[name];
            const absent = this.absentObject(schema, path, parent, name, label);
            box.replaceWith(absent);
            absent.querySelector("button").focus();
            this.changed();
          },
        }),
      );
    }
    return box;
  }

  arrayBox(schema, path, parent, name, label, required) {
    const items = this.resolve(schema.items);
    const kind = kindOf(items);
    const box = el("fieldset", { class: "array", "data-path": path }, el("legend", { text: label }));
    const list = el("ol");
    const values = Array.isArray(parent[name]) ? parent[name] : [];
    const rerender = (focusAt) => {
      const again = this.arrayBox(schema, path, parent, name, label, required);
      box.replaceWith(again);
      const target = focusAt === undefined
        ? again.querySelector(":scope > button.add")
        : again.querySelectorAll(":scope > ol > li")[focusAt]?.querySelector("input, select, textarea, button");
      target?.focus();
      this.changed();
    };
    values.forEach((_, i) => {
      const itemPath = `${path}/${i}`;
      const itemLabel = `${label} ${i + 1}`;
      const remove = el("button", {
        type: "button",
        class: "remove",
        text: `删除${itemLabel}`,
        onclick: () => {
          values.splice(i, 1);
          if (values.length === 0 && !required) delete parent[name];
          rerender();
        },
      });
      let content;
      if (kind === "object") {
        content = this.objectBox(items, itemPath, values, i, itemLabel, true);
        content.append(remove);
      } else if (kind === "array") {
        content = this.arrayBox(items, itemPath, values, i, itemLabel, true);
        content.append(remove);
      } else {
        content = this.scalar(items, kind, itemPath, values, i, itemLabel, true);
        content.append(remove);
      }
      list.append(el("li", {}, content));
    });
    box.append(
      list,
      el("button", {
        type: "button",
        class: "add",
        text: `添加${label}`,
        onclick: () => {
          if (!Array.isArray(parent[name])) parent[name] = [];
          const fresh = kind === "object" ? {} : kind === "array" ? [] : kind === "enum" ? items.enum[0] : "";
          parent[name].push(fresh);
          rerender(parent[name].length - 1);
        },
      }),
    );
    return box;
  }

  /** A field with one control: text, date, number, yes/no, a choice, or JSON. */
  scalar(schema, kind, path, parent, name, label, required) {
    const id = uid("field");
    const value = parent[name];
    const write = (next) => {
      if (next === undefined) delete parent[name];
      else parent[name] = next;
      this.changed();
    };
    const inArray = Array.isArray(parent);
    let control;
    if (kind === "enum") {
      const names = schema["x-enum-descriptions"] || [];
      control = el("select", { id });
      if (!required) {
        const fallback = schema.default !== undefined
          ? `（默认：${names[schema.enum.indexOf(schema.default)] || schema.default}）`
          : "（不填）";
        control.append(el("option", { value: "", text: fallback }));
      } else if (value === undefined) {
        parent[name] = schema.default ?? schema.enum[0];
      }
      schema.enum.forEach((option, i) => {
        control.append(el("option", { value: String(option), text: names[i] || String(option) }));
      });
      control.value = parent[name] === undefined ? "" : String(parent[name]);
      control.addEventListener("change", () => write(control.value === "" ? undefined : control.value));
    } else if (kind === "date" && (value === undefined || ISO_DATE.test(value))) {
      control = el("input", { id, type: "date", value: value ?? "" });
      control.addEventListener("input", () => {
        // A date the control cannot take (2月30日) is sent as empty, so the service names it.
        if (control.validity.badInput) write("");
        else write(control.value || (required || inArray ? "" : undefined));
      });
    } else if (kind === "string" || kind === "date") {
      // A text that may be long gets a text area; a patterned one (a number, a code) never does.
      const long = kind === "string" && !schema.pattern && schema.maxLength > LONG_TEXT;
      control = long
        ? el("textarea", { id, rows: 3 })
        : el("input", { id, type: "text", placeholder: kind === "date" ? "2024-06-18" : undefined });
      control.value = value ?? "";
      control.addEventListener("input", () => {
        write(control.value === "" && !required && !inArray ? undefined : control.value);
      });
    } else if (kind === "number") {
      control = el("input", { id, type: "number", step: schema.type === "integer" ? "1" : "any", inputmode: "decimal" });
      control.value = value ?? "";
      control.addEventListener("input", () => {
        write(control.value === "" ? undefined : Number(control.value));
      });
    } else if (kind === "boolean") {
      control = el("input", { id, type: "checkbox" });
      control.checked = value ?? schema.default ?? false;
      control.addEventListener("change", () => {
        if (control.checked) write(true);
        else write(schema.default === true || required ? false : undefined);
      });
    } else {
      control = el("textarea", { id, rows: 3, class: "json", spellcheck: "false" });
      control.value = value === undefined ? "" : JSON.stringify(value, null, 2);
      control.addEventListener("input", () => {
        const text = control.value.trim();
        this.clearLocal(box);
        if (text === "") return write(undefined);
        try {
          write(JSON.parse(text));
        } catch {
          box.append(el("p", { class: "field-error local", role: "alert", text: "不是有效的 JSON（键和字符串须用英文双引号）" }));
        }
      });
    }
    const caption = kind === "json" ? `${label}（JSON）` : label;
    const labelNode = el("label", { for: id }, caption, required && !inArray ? el("span", { class: "required", text: "（必填）" }) : null);
    const box = el("div", { class: kind === "boolean" ? "field check" : "field", "data-path": path });
    if (kind === "boolean") box.append(control, labelNode);
    else box.append(labelNode, control);
    return box;
  }

  clearLocal(box) {
    box.querySelectorAll(":scope > .local").forEach((node) => node.remove());
  }

  changed() {
    this.onChange(this.value);
  }

  /** The container of the field at `path`, or of its nearest ancestor that has one. */
  containerFor(path) {
    let at = path;
    for (;;) {
      const found = this.root.querySelector(`[data-path="${CSS.escape(at)}"]`);
      if (found) return found;
      if (at === "") return null;
      at = at.slice(0, at.lastIndexOf("/"));
    }
  }

  /** Shows the service's `errors` and `warnings` ({path, message}) beside their fields. */
  showProblems(errors = [], warnings = []) {
    this.root.querySelectorAll(".field-error:not(.local), .field-warning").forEach((node) => node.remove());
    this.root.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
    this.summary.replaceChildren();
    const place = (item, className, role) => {
      const container = this.containerFor(item.path || "");
      const message = this.friendly(item, container);
      if (!container || container === this.root) {
        this.summary.append(el("li", { class: className, role, text: item.path ? `${item.path}：${message}` : message }));
        return;
      }
      const note = el("p", { class: className, id: uid("note"), role, text: message });
      const head = container.matches("fieldset") ? container.querySelector(":scope > legend") : null;
      if (head) head.after(note);
      else container.append(note);
      const control = container.querySelector(":scope > input, :scope > select, :scope > textarea");
      if (control && role === "alert") {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", note.id);
      }
    };
    errors.forEach((error) => place(error, "field-error", "alert"));
    warnings.forEach((warning) => place(warning, "field-warning", null));
  }

  /** The service's message, in the clerk's words where it is about a field left empty (the
   * service names the member by its key, or quotes the empty text). */
  friendly(item, container) {
    const label = container?.querySelector(":scope > label, :scope > legend")?.firstChild?.textContent;
    const control = container?.querySelector(":scope > input, :scope > select, :scope > textarea");
    if (control?.validity?.badInput) {
      return "不是有效日期：所填的日期不存在或没有填完整，请重新填写，如 2024-06-18";
    }
    const missing = /^缺少必填字段“.+”$/.test(item.message);
    const empty = control && control.value === "" && control.type !== "checkbox";
    if (label && (missing || empty)) return `必填：请填写“${label}”`;
    return item.message;
  }
}
