// The workbench page: three tabs (整轮文书, 单份文书, 整改台账) and the access token.

import { ApiError, getJson, hasToken, onUnauthorized, setToken } from "./api.js";
import { DocumentPanel } from "./document.js";
import { alertText, say } from "./dom.js";
import { LedgerPanel } from "./ledger.js";
import { RoundPanel } from "./round.js";

const tokenForm = document.getElementById("token-form");
const tokenInput = document.getElementById("token");
const tokenAlert = document.getElementById("token-alert");
const connection = document.getElementById("connection");

/** Tabs that follow the WAI-ARIA pattern: arrows, Home and End move between them. */
function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const show = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => show(tab, false));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      show(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
    });
  });
  return (id) => show(document.getElementById(id), false);
}

/** Asks for the token when the service wants one (401). */
function askForToken() {
  tokenForm.hidden = false;
  alertText(
    tokenAlert,
    hasToken()
      ? "访问令牌不正确，请重新输入。"
      : "这个服务需要访问令牌：请在上方“访问令牌”中输入管理员提供的令牌。",
  );
  say(connection, "未连接");
  tokenInput.focus();
}

async function start() {
  const showTab = setUpTabs();
  const documents = new DocumentPanel();
  const ledger = new LedgerPanel(async (value) => {
    showTab("tab-document");
    await documents.load(value);
  });
  new RoundPanel((kind) => documents.nameOf(kind), (made) => ledger.roundMade(made));
  onUnauthorized(askForToken);
  let started = false;
  const connect = async () => {
    try {
      const { kinds, version } = await getJson("/v1/kinds");
      alertText(tokenAlert, "");
      say(connection, `已连接 xuncha ${version}`);
      if (!started) {
        started = true;
        await documents.start(kinds);
      }
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        alertText(tokenAlert, error instanceof ApiError ? error.sentence : error.message);
      }
    }
  };
  tokenForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    setToken(tokenInput.value.trim());
    tokenInput.value = "";
    await connect();
  });
  if (hasToken()) tokenForm.hidden = false;
  await connect();
}

start();
