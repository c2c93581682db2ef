import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";

/** Debian's Chromium, preferred when installed: the distribution keeps it patched. */
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set, Debian's when installed, and otherwise the
 * build shipped inside the `@sparticuz/chromium` dev dependency. That package carries the (compressed)
 * binary in the package itself and only unpacks it under the temporary directory, so `npm install && npm
 * test` is enough on a machine that has only Node.js, and nothing is downloaded when the tests run.
 */
export async function chromiumExecutable(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist`);
    return configured;
  }
  if (fs.existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return packagedChromium().executablePath();
}

/** The part of `@sparticuz/chromium` used here. */
interface PackagedChromium {
  /** Unpacks the binary under the temporary directory (once) and returns its path. */
  executablePath(): Promise<string>;
}

/**
 * Loads `@sparticuz/chromium` through its CommonJS build, which is what jest can load: the package's type
 * declarations are ECMAScript-module only, so TypeScript refuses a static import from a CommonJS test file.
 */
function packagedChromium(): PackagedChromium {
  const load = createRequire(__filename);
  return load("@sparticuz/chromium") as PackagedChromium;
}
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
  const executablePath = await chromiumExecutable();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const gatewayHost = new URL(origin).host;
  const offGateway: string[] = [];
  const gatewayRequests: string[] = [];
  const pageErrors: string[] = [];
  const browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
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
