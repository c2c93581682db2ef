import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { SCREENSHOTS, openOfflineBrowser } from "./helpers/browser";

/*
 * The public meeting pages in a real headless Chromium, on a 390 px wide phone viewport, offline: every request
 * that is not for the gateway is aborted and recorded, and must not happen. The pages must fit the width (no
 * horizontal scrolling), show their key content, have their stylesheet applied (its hash matches the policy),
 * and cause no console error and no Content-Security-Policy violation — the JSON-LD block included.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const LONG_SLUG = "2021-11-02-long-words";
const TIMEOUT = 60_000;

/** The few browser globals the in-page functions use (the tests compile without the DOM library). */
interface BrowserGlobals {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    body: { append(node: unknown): void };
    createElement(tag: string): { textContent: string };
    addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
    querySelector(selector: string): { textContent: string | null } | null;
  };
  getComputedStyle(element: unknown): { marginTop: string };
  cspViolations?: string[];
}

jest.setTimeout(TIMEOUT);

describe("public meeting pages in a browser, on a phone, offline", () => {
  let t: TestGateway;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let offGateway: string[] = [];
  let pageErrors: string[] = [];

  const violations = () =>
    page.evaluate(() => (globalThis as unknown as BrowserGlobals).cspViolations ?? ["(collector missing)"]);

  const fitsTheWidth = () =>
    page.evaluate(() => {
      const root = (globalThis as unknown as BrowserGlobals).document.documentElement;
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
    });

  beforeAll(async () => {
    t = await startTestGateway();
    origin = new URL(t.gateway.url).origin;
    ({ browser, page, offGateway, pageErrors } = await openOfflineBrowser(origin));
    await page.setViewportSize({ width: 390, height: 844 });
    // Installed by the browser driver, not by the page: the page's policy does not apply to it.
    await page.addInitScript(() => {
      const globals = globalThis as unknown as BrowserGlobals;
      globals.cspViolations = [];
      globals.document.addEventListener("securitypolicyviolation", (event) =>
        globals.cspViolations!.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    dataOf(
      await t.query(
        `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }`,
        {
          input: {
            slug: LONG_SLUG,
            kind: "CONFERENCE",
            format: "VIRTUAL",
            title: "Interinstitutionalcooperationandcoordinationforborderclearanceandrevenueprotection conference",
            startDate: "2021-11-02",
            onlineLink: { url: `https://meet.example.org/${"very-long-path-segment-".repeat(8)}end` },
          },
        },
        editor,
      ),
    );
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  }, TIMEOUT);

  it("shows the seeded meeting's page within 390 px, styled, with its JSON-LD, nothing from elsewhere", async () => {
    const response = await page.goto(`${origin}/meetings/${SEEDED}`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("Heads of Customs Meeting of the Americas/Caribbean Region");
    await expect(page.locator("h1").isVisible()).resolves.toBe(true);
    await expect(page.locator("[data-status]").textContent()).resolves.toBe("Held");
    await expect(page.locator("#agenda li").count()).resolves.toBe(8);
    await expect(page.locator("#agenda li").first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Add to your calendar (.ics)" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Peru Customs (SUNAT), Peru" }).isVisible()).resolves.toBe(true);
    const fit = await fitsTheWidth();
    expect(fit.clientWidth).toBe(390);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
    // The stylesheet ran: its hash is the one the policy allows (the browser default margin is 8px).
    const margin = await page.evaluate(() => {
      const globals = globalThis as unknown as BrowserGlobals;
      return globals.getComputedStyle(globals.document.querySelector("body")).marginTop;
    });
    expect(margin).toBe("0px");
    // The data block is in the DOM, as a browser reads it, and parses.
    const jsonLd = await page.locator('script[type="application/ld+json"]').textContent();
    expect(JSON.parse(jsonLd!)).toMatchObject({ "@type": "Event", startDate: "2021-04-22" });
    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "public-meeting-page-390.png"), fullPage: true });
  });

  it("wraps long words and long links rather than widen the page", async () => {
    await page.goto(`${origin}/meetings/${LONG_SLUG}`);
    await expect(page.locator("[data-fact='online'] a").isVisible()).resolves.toBe(true);
    const fit = await fitsTheWidth();
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
    expect(await violations()).toEqual([]);
  });

  it("shows the index within 390 px, its filter form usable without script", async () => {
    await page.goto(`${origin}/meetings`);
    await expect(page.locator(`li[data-slug='${SEEDED}'] a`).isVisible()).resolves.toBe(true);
    const fit = await fitsTheWidth();
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
    await page.screenshot({ path: path.join(SCREENSHOTS, "public-meeting-index-390.png"), fullPage: true });
    // A plain GET form: choosing a kind and submitting loads the filtered list.
    await page.selectOption("select[name=kind]", "WEBINAR");
    await Promise.all([page.waitForURL(/kind=WEBINAR/), page.click("button[type=submit]")]);
    expect(
      await page.locator("li[data-slug]").evaluateAll((items) => items.map((i) => i.getAttribute("data-slug"))),
    ).toEqual(["sunat-chemical-analysis-webinar"]);
    await page.getByRole("link", { name: "SUNAT webinar on chemical analysis for the Region's Members" }).click();
    await page.waitForURL(/\/meetings\/sunat-chemical-analysis-webinar$/);
    expect(await violations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("would have seen a violation: an inline style the policy does not name is reported", async () => {
    await page.goto(`${origin}/meetings/${SEEDED}`);
    await page.evaluate(() => {
      const { document } = globalThis as unknown as BrowserGlobals;
      const style = document.createElement("style");
      style.textContent = "body { margin: 3px; }";
      document.body.append(style);
    });
    await page.waitForFunction(() => ((globalThis as unknown as BrowserGlobals).cspViolations ?? []).length > 0);
    expect(await violations()).toEqual([expect.stringMatching(/^style-src/)]);
    // The probe's console report is the only console error of the whole suite.
    expect(pageErrors).toEqual([expect.stringContaining("Content Security Policy")]);
  });

  it("asked for nothing outside the gateway", () => {
    expect(offGateway).toEqual([]);
  });
});
