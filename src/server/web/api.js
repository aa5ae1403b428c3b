// Calls to the service. The access token lives in memory and in this tab's sessionStorage
// only; it is sent as `Authorization: Bearer …` and never put in a URL. Error answers
// (RFC 9457 problem details) become `ApiError`s with the service's Chinese message.

const TOKEN_KEY = "xuncha-token";
let token = sessionStorage.getItem(TOKEN_KEY) || "";
const unauthorizedListeners = [];

/** Uses `value` as the token from now on (empty: none). */
export function setToken(value) {
  token = value;
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Whether a token is set. */
export function hasToken() {
  return token !== "";
}

/** Calls `listener(error)` whenever the service answers 401. */
export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

/** An error answer, or no answer. `problem` holds the problem details (`errors` at paths). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The errors at JSON paths or cells, if any. */
  get errors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }

  /** One sentence for the clerk. */
  get sentence() {
    const { title, detail } = this.problem;
    if (title && detail && detail !== title) return `${title}：${detail}`;
    return detail || title || `服务答复 HTTP ${this.status}`;
  }
}

/** Calls the service; resolves to the response when it is a success, else throws ApiError. */
export async function call(path, { method = "GET", body, headers = {}, signal } = {}) {
  const sent = new Headers(headers);
  if (token) sent.set("Authorization", `Bearer ${token}`);
  let response;
  try {
    response = await fetch(path, {
      method,
      body,
      headers: sent,
      signal,
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, {
      title: "无法连接服务",
      detail: "无法连接到 xuncha 服务，请确认服务仍在运行后重试",
    });
  }
  if (response.ok) return response;
  let problem;
  try {
    problem = await response.json();
  } catch {
    problem = { title: `服务答复 HTTP ${response.status}` };
  }
  const error = new ApiError(response.status, problem);
  if (response.status === 401) unauthorizedListeners.forEach((listener) => listener(error));
  throw error;
}

/** GETs JSON. */
export async function getJson(path, options = {}) {
  return (await call(path, options)).json();
}

/** POSTs a JSON value; resolves to the response. */
export function postJson(path, value, options = {}) {
  return call(path, {
    ...options,
    method: "POST",
    body: JSON.stringify(value),
    headers: { "Content-Type": "application/json" },
  });
}

/** POSTs a form (multipart/form-data); resolves to the response. */
export function postForm(path, form, options = {}) {
  return call(path, { ...options, method: "POST", body: form });
}

/** The file name a response offers (`filename*` of Content-Disposition), or `fallback`. */
export function fileName(response, fallback) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (!match) return fallback;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return fallback;
  }
}
