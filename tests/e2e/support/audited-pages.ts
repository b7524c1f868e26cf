// The pages the accessibility and keyboard specs go through. A new page is one line here.
import { expect, type Page } from "@playwright/test";
import { AUDIENCE_POST, gatherAudience } from "./audience";
import { footerCount, type Reader } from "./fixtures";
import { signInWithDemo, uniqueName } from "./people";
import { E2E_DEMO_OWNER } from "./ports";

export interface AuditedPage {
  name: string;
  path: string;
  /** The viewer signs in first (the header's demo sign-in, on the home page), as this name if given. */
  signedIn?: boolean | string;
  /** Resolves once the page shows what it should, alone or among other readers (see gatherAudience). */
  ready?: (page: Page, withReaders: boolean) => Promise<void>;
}

export async function openSignInPopover(page: Page): Promise<void> {
  await page.locator("header").getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("header").getByTestId("demo-name-input")).toBeVisible();
}

export const AUDITED_PAGES: AuditedPage[] = [
  { name: "home", path: "/", ready: (page, withReaders) => expect(page.getByTestId("ranking-item")).toHaveCount(withReaders ? 2 : 0) },
  { name: "a post", path: AUDIENCE_POST, ready: (page, withReaders) => expect(page.getByTestId("rail-marker")).toHaveCount(withReaders ? 3 : 1) },
  { name: "who's online", path: "/online", ready: (page, withReaders) => expect(page.getByTestId("online-person")).toHaveCount(withReaders ? 1 : 0) },
  { name: "sign-in page", path: "/signin" },
  { name: "sign-in page, the header's sign-in open too", path: "/signin", ready: (page) => openSignInPopover(page) },
  { name: "sign-in popover", path: "/", ready: (page) => openSignInPopover(page) },
  { name: "settings", path: "/settings", signedIn: true, ready: (page) => expect(page.getByTestId("show-online-toggle")).toBeVisible() },
  { name: "the owner's desk", path: "/desk", signedIn: E2E_DEMO_OWNER, ready: (page) => expect(page.getByTestId("minute-chart")).toBeVisible() },
  { name: "not found", path: "/posts/no-such-post", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toHaveText(/doesn.t exist/) },
];

/**
 * Opens `audited` as a new reader would, alone on the site or with other readers
 * (gatherAudience), and waits until its live parts show them.
 */
export async function openAudited(openReader: (path?: string) => Promise<Reader>, audited: AuditedPage, withReaders: boolean): Promise<Page> {
  if (withReaders) await gatherAudience(openReader);
  const { page } = await openReader(audited.signedIn ? "/" : audited.path);
  if (audited.signedIn) {
    await signInWithDemo(page, typeof audited.signedIn === "string" ? audited.signedIn : uniqueName("Ines"));
    await page.goto(audited.path);
  }
  await expect(footerCount(page)).toHaveText(withReaders ? "4 readers online" : "1 reader online");
  await audited.ready?.(page, withReaders);
  return page;
}
