import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";

/** Debian's Chromium: the browser tests never download one. */
export const CHROMIUM = "/usr/bin/chromium";
/** Without the background-networking flags Chromium keeps calling out to Google, which this network refuses. */
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Where the browser tests save their screenshots (a CI artifact). */
export const SCREENSHOTS = path.join(__dirname, "..", "..", "test-output", "screenshots");

export interface OfflineBrowser {
  browser: Browser;
  page: Page;
  /** Requests that tried to leave the gateway: aborted, and must stay empty. */
  offGateway: string[];
  /** Paths of the requests that reached the gateway, in order. */
  gatewayRequests: string[];
  /** Uncaught page errors and console errors. */
  pageErrors: string[];
}

/**
 * A headless Chromium page that may talk to `origin` only: every other request is aborted and recorded in
 * `offGateway`, so a test proves the page needs nothing from a CDN or elsewhere.
 */
export async function openOfflineBrowser(origin: string): Promise<OfflineBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install the distribution's package`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const gatewayHost = new URL(origin).host;
  const offGateway: string[] = [];
  const gatewayRequests: string[] = [];
  const pageErrors: string[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  const context = await browser.newContext({ serviceWorkers: "block", viewport: { width: 1280, height: 900 } });
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.host === gatewayHost) {
      gatewayRequests.push(url.pathname);
      await route.continue();
    } else {
      offGateway.push(url.href);
      await route.abort("blockedbyclient");
    }
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  return { browser, page, offGateway, gatewayRequests, pageErrors };
}
