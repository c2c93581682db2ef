import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { SCREENSHOTS, openOfflineBrowser } from "./helpers/browser";

/*
 * Drives the GraphiQL page in a real (headless) Chromium, offline: every request that is not for the gateway
 * on 127.0.0.1 is aborted and recorded, and the suite ends by checking that there was none. Uses the system's
 * Chromium (Debian package); it never downloads a browser.
 */

const SEEDED_SLUG = "2021-04-22-americas-caribbean-heads-of-customs";
const TIMEOUT = 60_000;

const QUERY_EDITOR = ".graphiql-query-editor .CodeMirror";
/** The visible one of the Variables / Headers editors. */
const TOOL_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror";
const RESPONSE_EDITOR = ".graphiql-response .CodeMirror";

/** The part of CodeMirror 5's API the test uses; GraphiQL 3 attaches the instance to its `.CodeMirror` element. */
interface CodeMirrorElement {
  CodeMirror: { getValue(): string; setValue(value: string): void };
}

/** The few browser globals the in-page functions use (the tests compile without the DOM library). */
interface BrowserGlobals {
  document: { querySelector(selector: string): CodeMirrorElement | null };
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
}

function editorValue(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => (element as CodeMirrorElement).CodeMirror.getValue());
}

function setEditorValue(page: Page, selector: string, value: string): Promise<void> {
  return page.$eval(selector, (element, text) => (element as CodeMirrorElement).CodeMirror.setValue(text), value);
}

/** Waits until the response editor holds a complete result that contains `text`, and returns it parsed. */
async function waitForResponse(page: Page, text: string): Promise<unknown> {
  try {
    await page.waitForFunction(
      ({ selector, expected }) => {
        const element = (globalThis as unknown as BrowserGlobals).document.querySelector(selector);
        return element !== null && element.CodeMirror.getValue().includes(expected);
      },
      { selector: RESPONSE_EDITOR, expected: text },
      { timeout: 20_000 },
    );
  } catch (error) {
    const shown = await editorValue(page, RESPONSE_EDITOR).catch(() => "(no response editor)");
    throw new Error(`the result pane never showed "${text}"; it shows:\n${shown}`, { cause: error });
  }
  return JSON.parse(await editorValue(page, RESPONSE_EDITOR));
}

jest.setTimeout(TIMEOUT);

describe("the GraphQL IDE in a browser", () => {
  let t: TestGateway;
  let browser: Browser;
  let page: Page;
  let origin: string;
  /** Requests that tried to leave the gateway: aborted, and must stay empty. */
  let offGateway: string[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestGateway();
    origin = new URL(t.gateway.url).origin;
    ({ browser, page, offGateway, pageErrors } = await openOfflineBrowser(origin));
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  }, TIMEOUT);

  it("opens at /graphql and runs the default query against the gateway", async () => {
    const response = await page.goto(`${origin}/graphql`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("Customs Events Gateway");
    await page.waitForSelector(QUERY_EDITOR);
    expect(await editorValue(page, QUERY_EDITOR)).toContain(`meeting(slug: "${SEEDED_SLUG}")`);

    await page.click(".graphiql-execute-button");
    const result = await waitForResponse(page, "Peru Customs");
    expect(result).toEqual({
      data: {
        meeting: {
          title: "Heads of Customs Meeting of the Americas/Caribbean Region",
          startDate: "2021-04-22",
          host: { name: "Peru Customs", shortName: "SUNAT" },
        },
      },
      extensions: { cost: { estimated: 2, limit: 50000 } },
    });
    // And it is what the user sees in the result pane.
    const shown = await page.locator(".graphiql-response").innerText();
    expect(shown).toContain("Peru Customs");
    expect(shown).toContain("2021-04-22");

    // The documentation explorer gets the schema from the gateway too.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "ide-query.png") });
    await page.click('button[aria-label="Hide Documentation Explorer"]');
    expect(pageErrors).toEqual([]);
  });

  it("runs a mutation with an Authorization header typed into the headers editor, and never stores it", async () => {
    const { meeting } = dataOf(
      await t.query<{ meeting: { id: string; summary: string | null } }>(
        `{ meeting(slug: "${SEEDED_SLUG}") { id summary } }`,
      ),
    );
    expect(meeting.summary).not.toBe("Edited from GraphiQL");
    const token = await t.createToken("editor");

    await setEditorValue(
      page,
      QUERY_EDITOR,
      `mutation { updateMeeting(input: { id: "${meeting.id}", summary: "Edited from GraphiQL" }) { meeting { summary } } }`,
    );
    await page.locator(".graphiql-editor-tools button", { hasText: "Headers" }).click();
    await page.click(TOOL_EDITOR);
    const headers = `{"Authorization": "Bearer ${token}"}`;
    // insertText types the text as one input event: CodeMirror's bracket auto-closing does not interfere.
    await page.keyboard.insertText(headers);
    expect(await editorValue(page, TOOL_EDITOR)).toBe(headers);

    await page.click(".graphiql-execute-button");
    const result = await waitForResponse(page, "Edited from GraphiQL");
    expect(result).toMatchObject({ data: { updateMeeting: { meeting: { summary: "Edited from GraphiQL" } } } });
    expect(await page.locator(".graphiql-response").innerText()).toContain("Edited from GraphiQL");
    await page.screenshot({ path: path.join(SCREENSHOTS, "ide-mutation.png") });

    // The change is real: a plain HTTP query sees it.
    const after = dataOf(
      await t.query<{ meeting: { summary: string | null } }>(`{ meeting(slug: "${SEEDED_SLUG}") { summary } }`),
    );
    expect(after.meeting.summary).toBe("Edited from GraphiQL");

    // The token is nowhere in the page's storage, though the operation is there (in GraphiQL's history).
    const stored = await page.evaluate(() => {
      const { localStorage, sessionStorage } = globalThis as unknown as BrowserGlobals;
      return JSON.stringify({ ...localStorage, ...sessionStorage });
    });
    expect(stored).toContain("Edited from GraphiQL");
    expect(stored).not.toContain(token);
    expect(pageErrors).toEqual([]);
  });

  it("serves the same IDE at /playground", async () => {
    const response = await page.goto(`${origin}/playground`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector(QUERY_EDITOR);
    await page.waitForSelector(".graphiql-execute-button");
  });

  it("made no request that left the gateway", () => {
    expect(offGateway).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
