import { E2E_GRACE_MS } from "./support/ports";
import { expect, footerCount, test } from "./support/fixtures";
import { readerChips } from "./support/people";
import { E2E_EXAMPLE_URL } from "./support/ports";

// examples/other-blog: another Next.js blog that imports embed/client and embed/server,
// has its own ticket route and posts, and shares this blog's worker (docs/embedding.md).
const OTHER_HOME = `${E2E_EXAMPLE_URL}/`;
const OTHER_POST = `${E2E_EXAMPLE_URL}/blog/slow-bread-at-home`;

const readingCount = (page: import("@playwright/test").Page) => page.getByTestId("article-readers-count");

test("another blog on the same worker: its readers and this blog's are counted together, live, on both", async ({ openReader }) => {
  const here = await openReader("/");
  await expect(footerCount(here.page)).toHaveText("1 reader online");

  const there = await openReader(OTHER_HOME);
  await expect(footerCount(there.page)).toHaveText("2 readers online");
  await expect(footerCount(here.page)).toHaveText("2 readers online");

  // Its post (at /blog/<slug>, reached by client-side navigation) has its own live room.
  await there.page.getByRole("link", { name: "Slow bread at home" }).click();
  await expect(there.page).toHaveURL(OTHER_POST);
  await expect(readingCount(there.page)).toHaveText("1 reading now");
  await expect(readerChips(there.page)).toHaveText([/\(you\)$/]);
  await expect(there.page.getByTestId("rail-marker")).toHaveCount(1);

  const second = await openReader(OTHER_POST);
  await expect(readingCount(second.page)).toHaveText("2 reading now");
  await expect(readingCount(there.page)).toHaveText("2 reading now");
  await expect(there.page.getByTestId("rail-marker")).toHaveCount(2);
  await expect(footerCount(here.page)).toHaveText("3 readers online");
  await expect(footerCount(there.page)).toHaveText("3 readers online");

  // The other blog's home lists how many read each of its posts, through the same lobby.
  const home = await second.openTab(OTHER_HOME);
  await expect(home.getByTestId("post-reading-count").filter({ hasText: "reading now" })).toHaveText("2 reading now");

  await second.context.close();
  await expect(readingCount(there.page)).toHaveText("1 reading now", { timeout: E2E_GRACE_MS + 3000 });
  await expect(footerCount(here.page)).toHaveText("2 readers online");
});
