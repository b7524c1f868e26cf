import type { Page } from "@playwright/test";

/**
 * Gives `page` the state of a page the browser prerendered and hasn't shown (document.prerendering;
 * Chromium under automation fetches a speculation-rules prerender but never activates it), from
 * its next navigation on. Returns what shows it, as the browser shows one (prerenderingchange).
 */
export async function asPrerendered(page: Page): Promise<() => Promise<void>> {
  await page.addInitScript(() => {
    let prerendering = true;
    Object.defineProperty(document, "prerendering", { configurable: true, get: () => prerendering });
    Object.assign(window, {
      showPrerendered: () => {
        prerendering = false;
        document.dispatchEvent(new Event("prerenderingchange"));
      },
    });
  });
  return () => page.evaluate(() => (window as unknown as { showPrerendered: () => void }).showPrerendered());
}
