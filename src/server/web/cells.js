// Errors at spreadsheet cells (a register's, a 台账's), as a table of 工作表 / 行 / 列 / 问题.

import { el } from "./dom.js";

/** The place of a cell as the service writes it at the start of a message. */
function placeOf(cell) {
  let place = cell.sheet ? `工作表「${cell.sheet}」` : "";
  place += `第 ${cell.row} 行`;
  if (cell.header) place += `「${cell.header}」`;
  else if (cell.column) place += `第 ${cell.column} 列`;
  return place;
}

/** The message without the place it starts with (the table has its own columns). */
export function bareMessage(error) {
  const cell = error.cell;
  const message = error.message || "";
  if (!cell) return message;
  const place = `${placeOf(cell)}：`;
  return message.startsWith(place) ? message.slice(place.length) : message;
}

function column(cell) {
  if (cell.column && cell.header) return `${cell.column}（${cell.header}）`;
  return cell.column || cell.header || "整行";
}

/** The errors by worksheet (in the order they first appear) and row. */
function inSheetOrder(errors) {
  const sheets = [...new Set(errors.map((e) => e.cell?.sheet ?? ""))];
  return errors
    .map((error, i) => ({ error, i }))
    .sort((a, b) => {
      const sheet = (e) => sheets.indexOf(e.cell?.sheet ?? "");
      const row = (e) => e.cell?.row ?? 0;
      return sheet(a.error) - sheet(b.error) || row(a.error) - row(b.error) || a.i - b.i;
    })
    .map(({ error }) => error);
}

/** Fills the table of `section` with `errors`, and shows it when there are any. */
export function fillCellTable(section, errors) {
  const body = section.querySelector("tbody");
  body.replaceChildren(
    ...inSheetOrder(errors).map((error) => {
      const cell = error.cell;
      return el(
        "tr",
        {},
        el("td", { text: cell?.sheet || "—" }),
        el("td", { text: cell ? String(cell.row) : "—" }),
        el("td", { text: cell ? column(cell) : "—" }),
        el("td", { text: bareMessage(error) }),
      );
    }),
  );
  section.hidden = errors.length === 0;
}
