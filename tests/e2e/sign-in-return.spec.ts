// Signing in takes a person back to where they were: the header's sign-in in place, the sign-in
// page to the page that sent them there, and never to another site.
import { type Page } from "@playwright/test";
import { expect, footerCount, test } from "./support/fixtures";
import { signOut, uniqueName } from "./support/people";
import { E2E_DEMO_OWNER } from "./support/ports";

const POST = "/posts/how-live-presence-works";

/** Signs in with the sign-in page's own form (not the header's). */
async function signInOnPage(page: Page, name: string): Promise<void> {
  const form = page.locator("main");
  await form.getByTestId("demo-name-input").fill(name);
  await form.getByTestId("demo-sign-in").click();
}

test("signing in on the sign-in page from a post goes back to the post, where it was, as the person", async ({ openReader }) => {
  const other = await openReader(POST);
  const reader = await openReader(POST);
  await expect(footerCount(other.page)).toHaveText("2 readers online");
  const back = `${POST}?from=signin#post-body`;
  await reader.page.goto(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  const name = uniqueName("Rhea");
  await signInOnPage(reader.page, name);

  await expect(reader.page).toHaveURL((url) => `${url.pathname}${url.search}${url.hash}` === back);
  await expect(reader.page.getByRole("heading", { level: 1 })).toHaveText("How live presence works");
  await expect(reader.page.getByTestId("user-menu-name")).toHaveText(name);
  await expect(footerCount(other.page)).toHaveText("2 readers online");

  // Signing out there stays there, signed out.
  await signOut(reader.page);
  await expect(reader.page).toHaveURL((url) => url.pathname === POST);
  await expect(footerCount(other.page)).toHaveText("2 readers online");
});

test("opening the desk signed out asks for a sign-in, and signing in as an owner opens the desk", async ({ openReader }) => {
  const owner = await openReader("/");
  await owner.page.goto("/desk");
  await expect(owner.page).toHaveURL(/\/signin\?callbackUrl=%2Fdesk$/);
  await signInOnPage(owner.page, E2E_DEMO_OWNER);
  await expect(owner.page).toHaveURL(/\/desk$/);
  await expect(owner.page.getByRole("heading", { level: 1, name: "Desk" })).toBeVisible();
  await expect(owner.page.getByTestId("user-menu-name")).toHaveText(E2E_DEMO_OWNER);
  await expect(owner.page.getByTestId("minute-chart")).toBeVisible();
});

test("a way back that leaves the blog is not taken: signed in, the reader is on the home page", { tag: "@attack" }, async ({ openReader }) => {
  const reader = await openReader("/");
  for (const [index, away] of ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/%2F%2Fevil.example", "javascript:alert(1)"].entries()) {
    await reader.page.goto(`/signin?callbackUrl=${encodeURIComponent(away)}`);
    const name = uniqueName(`Eve${index}`);
    await signInOnPage(reader.page, name);
    await expect(reader.page.getByTestId("user-menu-name")).toHaveText(name);
    await expect(reader.page, away).toHaveURL((url) => url.origin === new URL(reader.page.url()).origin && ["/", "/%2F%2Fevil.example"].includes(url.pathname));
    await signOut(reader.page);
  }
});
