import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_EMAIL, EXAMPLE_OPERATION } from "../../src/graphiql/example.js";
import { providerList } from "../../src/providers/index.js";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { launchChromium, type Browser } from "./chromium.js";

// Page-side globals used in waitForFunction (the tsconfig has no DOM lib). A function, not a
// string: the page's CSP refuses to evaluate strings.
type BrowserGlobals = { localStorage: { getItem(key: string): string | null } };

// Every run saves the screenshot under test/artifacts/ (ignored by git); `npm run screenshot`
// (UPDATE_SCREENSHOT=1) writes the one the README shows, so a test run leaves the checkout clean.
const SCREENSHOT = fileURLToPath(
  new URL(process.env.UPDATE_SCREENSHOT === "1" ? "../../docs/graphiql.png" : "../artifacts/graphiql.png", import.meta.url),
);

describe("GraphiQL in a real browser, offline, against the sandbox", () => {
  let subgraph: TestSubgraph;
  let browser: Browser;

  beforeAll(async () => {
    subgraph = await startSubgraph({}, { sandbox: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await subgraph?.stop();
  });

  const result = () => browser.page.locator('[aria-label="Result Window"]');
  const run = () => browser.page.getByRole("button", { name: /^Execute query/ });

  it("runs the example createContact through the UI and shows the created contact", async () => {
    const { page } = browser;
    await page.goto(subgraph.url);
    await run().waitFor();
    const posted = page.waitForRequest(
      (r) => r.method() === "POST" && (r.postData() ?? "").includes(`"operationName":"${EXAMPLE_OPERATION}"`),
    );
    await run().click();
    const request = await posted;
    // Apollo's CSRF prevention only lets JSON POSTs through.
    expect(request.headers()["content-type"]).toBe("application/json");
    await expect.poll(() => result().innerText(), { timeout: 15_000 }).toContain(EXAMPLE_EMAIL);
    const text = await result().innerText();
    expect(text).toMatch(/"id": "sandbox_ctc1_[A-Za-z0-9_-]+"/);
    expect(text).toContain(`"provider": "${providerList[0].id}"`);
    expect(text).toMatch(/"userErrors": \[\]/);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  }, 60_000);

  it("opens the schema docs at the createContact mutation", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Mutation", { exact: true }).first().click();
    await expect.poll(() => docs.innerText(), { timeout: 10_000 }).toContain("createContact(");
    expect(await docs.innerText()).toContain("idempotencyKey: String");
  });

  it("runs the second tab, contactProviders", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "ContactProviders", exact: true }).click();
    // GraphiQL reads the new tab's operation name 100 ms after the switch (a debounce) and stores
    // it; a click before that would send the previous tab's name.
    await page.waitForFunction(
      () => (globalThis as unknown as BrowserGlobals).localStorage.getItem("graphiql:operationName") === "ContactProviders",
    );
    await run().click();
    await expect.poll(() => result().innerText(), { timeout: 15_000 }).toContain('"requiredFields"');
    expect(await result().innerText()).toContain(`"provider": "${providerList[0].id}"`);
  });

  it("opens the settings dialog, whose injected scroll-lock style the CSP admits by nonce", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Open settings dialog" }).click();
    await page.getByRole("dialog").waitFor();
    // react-remove-scroll's <style> element: present and carrying the page's nonce.
    await expect.poll(() => page.locator("style[nonce]").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
  });

  it("opens the query-builder explorer and builds a query by clicking a field", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "New tab" }).click();
    await page.getByRole("button", { name: "Show GraphiQL Explorer" }).click();
    const explorer = page.locator(".graphiql-explorer-root");
    await expect.poll(() => explorer.innerText(), { timeout: 10_000 }).toContain("contactProviders");
    // Ticking a list field opens its fields; ticking one of them completes the selection.
    await explorer.getByText("contactProviders", { exact: true }).first().click();
    await explorer.getByText("requiredFields", { exact: true }).first().click();
    const editor = page.locator(".graphiql-query-editor");
    // innerText interleaves the editor's line numbers with its lines.
    const code = async () => (await editor.innerText()).replace(/^\d+$/gm, "");
    await expect.poll(code, { timeout: 10_000 }).toMatch(/contactProviders \{\s+requiredFields\s+\}/);
    // The same 100 ms debounce as above: under load, Run could still send the previous tab's operation name.
    await page.waitForFunction(
      () => (globalThis as unknown as BrowserGlobals).localStorage.getItem("graphiql:operationName") !== "ContactProviders",
    );
    await run().click();
    await expect.poll(() => result().innerText(), { timeout: 15_000 }).toContain('"requiredFields"');
    expect(await result().innerText()).not.toContain('"errors"');
  });

  it("never left 127.0.0.1 and logged no error (no CSP violation, no failed load)", () => {
    expect(browser.requests.length).toBeGreaterThan(5);
    const elsewhere = browser.requests.filter((url) => new URL(url).hostname !== "127.0.0.1");
    expect(elsewhere).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
