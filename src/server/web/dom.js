// Small DOM helpers. Everything the service or a file says goes into the page as text
// (textContent, text nodes, attributes), never as HTML.

/** An element with attributes (`text` sets its text, `on…` adds a listener) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

let counter = 0;

/** An id unique in the page. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Offers `blob` to the browser as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Sets a status line (a polite live region). */
export function say(node, text) {
  node.textContent = text;
}

/** Shows an error in an alert region (empty text clears it). */
export function alertText(node, text) {
  node.replaceChildren();
  if (text) node.append(el("p", { text }));
}
