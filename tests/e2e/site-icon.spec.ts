// The site's icon: a browser's first visit asks for /favicon.ico, and gets an icon, not a 404.
import { expect, test } from "./support/fixtures";

test("a fresh browser's first visit finds the site's icon: nothing it asks for answers 404", async ({ openReader, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toBe("image/x-icon");
  // An icon file: reserved 0, type 1 (icon), at least one image.
  const header = (await icon.body()).subarray(0, 6);
  expect([header.readUInt16LE(0), header.readUInt16LE(2), header.readUInt16LE(4) > 0]).toEqual([0, 1, true]);

  const reader = await openReader();
  const missing: string[] = [];
  reader.page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await reader.page.goto("/");
  const declared = await reader.page.locator('link[rel="icon"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  expect(declared.length).toBeGreaterThan(0);
  for (const href of declared) expect((await request.get(href)).status(), href).toBe(200);
  await reader.page.waitForLoadState("networkidle");
  expect(missing).toEqual([]);
});
