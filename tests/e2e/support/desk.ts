// The owner's desk and a post's reading, as the specs that check reading insights use them.
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, type Reader } from "./fixtures";
import { signInWithDemo } from "./people";
import { E2E_DEMO_OWNER } from "./ports";

/** The demo owner at /desk, counted like anyone (other tests may have left the owner uncounted). */
export async function openDesk(openReader: (path?: string) => Promise<Reader>): Promise<Reader> {
  const owner = await openReader("/");
  await signInWithDemo(owner.page, E2E_DEMO_OWNER);
  await owner.page.goto("/desk");
  await expect(owner.page.getByRole("heading", { level: 1, name: "Desk" })).toBeVisible();
  const exclude = owner.page.getByTestId("exclude-self-toggle");
  if (await exclude.isChecked()) {
    await exclude.click();
    await expect(exclude).not.toBeChecked();
  }
  return owner;
}

/** Scrolls a post's page so that `fraction` of its body is read. */
export async function scrollTo(page: Page, fraction: number): Promise<void> {
  await page.evaluate((f) => {
    const body = document.getElementById("post-body");
    if (!body) throw new Error("no post body");
    window.scrollTo(0, body.getBoundingClientRect().top + window.scrollY + f * (body.offsetHeight - window.innerHeight));
  }, fraction);
}

/** How far the page's own marker says its reader got (what the room was told). */
export async function ownProgress(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="rail-marker"][data-self="true"]').getAttribute("data-progress"));
}

export interface PostInsight {
  visits: number;
  reads: number;
  completions: number;
  depthShares: number[];
  medianActiveSeconds: number | null;
}

/** A post's reading insights as the desk's API gives them (zero before its first visit). */
export async function postInsight(request: APIRequestContext, slug: string): Promise<PostInsight> {
  const response = await request.get("/api/desk/summary");
  expect(response.status()).toBe(200);
  const { insights } = (await response.json()) as { insights: { posts: (PostInsight & { slug: string })[] } };
  return insights.posts.find((post) => post.slug === slug) ?? { visits: 0, reads: 0, completions: 0, depthShares: new Array(10).fill(0), medianActiveSeconds: null };
}

/** How many reads got past each tenth of the post. */
export const depthCounts = ({ reads, depthShares }: PostInsight) => depthShares.map((share) => Math.round(share * reads));

/** A post's live "reading now" on the desk. */
export const deskPost = (page: Page, slug: string) => page.getByTestId("desk-posts").locator(`li[data-slug="${slug}"]`);
