import { type Browser, type BrowserContext, expect, type Page, test as base } from "@playwright/test";
import { E2E_WORKER_URL } from "./ports";

/** A reader: one browser (context) with its own localStorage, cookies and session id. */
export interface Reader {
  context: BrowserContext;
  page: Page;
  /** Another tab of the same browser. */
  openTab: (path?: string) => Promise<Page>;
}

interface Fixtures {
  /** Opens a new browser (a new reader) at `path`; all are closed after the test. */
  openReader: (path?: string) => Promise<Reader>;
}

async function siteSummary(): Promise<{ online: number; reading: Record<string, number> } | null> {
  try {
    const response = await fetch(`${E2E_WORKER_URL}/parties/site/global`);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** Presence is site-wide: each test starts once the previous test's readers are gone. */
export async function waitForEmptySite(): Promise<void> {
  const readersAndRooms = async () => {
    const summary = await siteSummary();
    return summary ? summary.online + Object.keys(summary.reading).length : -1;
  };
  // Shards reach the lobby a moment after a change: empty means empty twice, half a second apart.
  await expect(async () => {
    expect(await readersAndRooms()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await readersAndRooms()).toBe(0);
  }, "previous readers should have left the site").toPass({ timeout: 15_000 });
}

async function openReaderIn(browser: Browser, contexts: BrowserContext[], path: string): Promise<Reader> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(path);
  const openTab = async (tabPath = path) => {
    const tab = await context.newPage();
    await tab.goto(tabPath);
    return tab;
  };
  return { context, page, openTab };
}

export const test = base.extend<Fixtures>({
  openReader: async ({ browser }, use) => {
    await waitForEmptySite();
    const contexts: BrowserContext[] = [];
    await use((path = "/") => openReaderIn(browser, contexts, path));
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect };

// Visible only: while a streamed Suspense boundary resolves, its fallback and content can both be in the DOM.
export const footerCount = (page: Page) => page.getByTestId("readers-online").filter({ visible: true });
