// Publishing a post while everything runs: a Markdown file added to the running production
// build's content folder is a page at once, and its room is live within seconds (the worker
// reads the blog's sitemap again on the first miss), with no restart, index step or redeploy.
// On both blogs of the shared worker. The file is removed afterwards.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_APP_URL, E2E_EXAMPLE_URL, E2E_SITEMAP_REFRESH_MS } from "./support/ports";

const readingCount = (page: Page) => page.getByTestId("article-readers-count");
/** The first reader may come within one refresh window of another miss (and its tab retries after a refusal). */
const FIRST_ROOM_WITHIN_MS = E2E_SITEMAP_REFRESH_MS + 12_000;

// A new post's first render happens at its first request (Markdown and highlighting, cold): on a
// loaded machine that once took 57 s, before any presence code ran.
test.describe.configure({ timeout: 120_000 });

function publish(file: string, text: string): () => void {
  writeFileSync(file, text);
  return () => rmSync(file, { force: true });
}

/** The running build serves the new file at request time (its first render, before any browser comes). */
async function expectServed(url: string, title: string): Promise<void> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain(title);
}

test("a post published on this blog while it runs has a live room within seconds", async ({ openReader }) => {
  const slug = `published-while-running-${Date.now().toString(36)}`;
  const unpublish = publish(
    path.resolve("content/posts", `${slug}.md`),
    `---\ntitle: "Published while running"\ndate: "2026-09-01"\nsummary: "A post that did not exist when the blog and the worker started."\n---\n\nIt is here now.\n`,
  );
  try {
    await expectServed(`${E2E_APP_URL}/posts/${slug}`, "Published while running");
    const first = await openReader(`/posts/${slug}`);
    await expect(first.page.getByRole("heading", { level: 1 })).toHaveText("Published while running");
    await expect(readingCount(first.page)).toHaveText("1 reading now", { timeout: FIRST_ROOM_WITHIN_MS });

    const second = await openReader(`/posts/${slug}`);
    await expect(readingCount(second.page)).toHaveText("2 reading now");
    await expect(readingCount(first.page)).toHaveText("2 reading now");
  } finally {
    unpublish();
  }
});

test("a post published on the other blog while it runs has a live room within seconds, its own", async ({ openReader }) => {
  const slug = `baked-while-running-${Date.now().toString(36)}`;
  const unpublish = publish(path.resolve("examples/other-blog/content", `${slug}.md`), `---\ntitle: Baked while running\n---\n\nFresh from the oven.\n`);
  try {
    await expectServed(`${E2E_EXAMPLE_URL}/blog/${slug}`, "Baked while running");
    const first = await openReader(`${E2E_EXAMPLE_URL}/blog/${slug}`);
    await expect(first.page.getByRole("heading", { level: 1 })).toHaveText("Baked while running");
    await expect(readingCount(first.page)).toHaveText("1 reading now", { timeout: FIRST_ROOM_WITHIN_MS });

    const second = await openReader(`${E2E_EXAMPLE_URL}/blog/${slug}`);
    await expect(readingCount(second.page)).toHaveText("2 reading now");
    await expect(readingCount(first.page)).toHaveText("2 reading now");
  } finally {
    unpublish();
  }
});
