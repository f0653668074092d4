import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { launchChromium, type Browser } from "./chromium.js";

// Issue 16 (and 15, item 4): the example form in examples/contact-form, in Debian's chromium,
// against the sandbox started with CORS_ORIGINS (local development without a router). The page
// places each userErrors path on its form field; it never reads a message to find where.
const ROOT = fileURLToPath(new URL("../../examples/contact-form/", import.meta.url));

interface Payload {
  outcome: string;
  userErrors: { field: string[] | null; message: string; code: string }[];
}

describe("the example create-contact form, in a real browser", () => {
  let vite: ViteDevServer;
  let subgraph: TestSubgraph;
  let browser: Browser;
  let page: string;

  beforeAll(async () => {
    // The page's origin first: the subgraph must list it in CORS_ORIGINS.
    vite = await createServer({
      root: ROOT,
      configFile: false,
      logLevel: "silent",
      server: { host: "127.0.0.1", port: 0, strictPort: true },
    });
    await vite.listen();
    const origin = vite.resolvedUrls!.local[0].replace(/\/$/, "");
    subgraph = await startSubgraph({ CORS_ORIGINS: origin }, { sandbox: true });
    page = `${origin}/?endpoint=${encodeURIComponent(subgraph.url)}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await subgraph?.stop();
    await vite?.close();
  });

  const slot = (path: string) => browser.page.locator(`[data-error-for="${path}"]`);
  const control = (path: string) => browser.page.locator(`[data-field="${path}"]`);

  /** Fills the form, submits it, and returns the one createContact response the page received. */
  async function submit(values: Record<string, string>): Promise<Payload> {
    const { page: tab } = browser;
    await tab.goto(page);
    for (const [name, value] of Object.entries(values)) {
      if (name === "provider") await tab.selectOption("#provider", value);
      else await tab.fill(`#${name}`, value);
    }
    const posts: string[] = [];
    tab.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
    const answered = tab.waitForResponse((r) => r.request().method() === "POST" && r.url() === subgraph.url);
    await tab.click("button[type=submit]");
    const response = await answered;
    await expect.poll(() => tab.locator("#result").innerText()).not.toBe("Sending…");
    expect(posts).toEqual([subgraph.url]);
    return ((await response.json()) as { data: { createContact: Payload } }).data.createContact;
  }

  it("shows a bad email, country and date and a missing Alloy last name on their four fields, from one response", async () => {
    const payload = await submit({ provider: "ALLOY", firstName: "Ada", email: "not-an-email", country: "XX", dateOfBirth: "10/12/1815" });
    const paths = ["input.emails.0.address", "input.addresses.0.countryCode", "input.dateOfBirth", "input.lastName"];
    expect(payload.userErrors.map((e) => e.field!.join("."))).toEqual(paths);
    for (const error of payload.userErrors) {
      const path = error.field!.join(".");
      expect(await slot(path).innerText(), path).toBe(error.message);
      expect(await control(path).getAttribute("aria-invalid"), path).toBe("true");
    }
    // Nothing left over for the list under the form, and the fields without a problem stay clean.
    expect(await browser.page.locator("#form-errors li").count()).toBe(0);
    expect(await control("input.firstName").getAttribute("aria-invalid")).toBeNull();
    expect(await browser.page.locator("#result").innerText()).toBe("Not created (NOT_CREATED).");
    expect(browser.requests.every((url) => url.startsWith("http://127.0.0.1:"))).toBe(true);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it("creates the contact once the values are right; blank fields count as absent", async () => {
    const payload = await submit({
      provider: "ALLOY",
      firstName: " Ada ",
      lastName: "Lovelace",
      email: "ada@example.com",
      country: "gb",
      dateOfBirth: "",
    });
    expect(payload).toMatchObject({ outcome: "CREATED", userErrors: [] });
    expect(await browser.page.locator("#result").innerText()).toMatch(/^Created sandbox_ctc1_/);
    expect(await browser.page.locator("[aria-invalid=true]").count()).toBe(0);
  }, 60_000);
});
