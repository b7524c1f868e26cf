import { E2E_GRACE_MS, E2E_REENTRY_DELAY_MS } from "./support/ports";
import type { Page } from "@playwright/test";
import { expect, footerCount, test } from "./support/fixtures";
import { userIdByName } from "./support/db";
import { readerChips, recordFooterCounts, signInWithDemo, signOut, uniqueName } from "./support/people";

const POST = "/posts/how-live-presence-works";

/** Set before an action, read after: still there means the page was not reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
}
const wasNotReloaded = (page: Page) => page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument === true);

test("signing in mid-read: no reload, the count holds, and others see the name only from the next visit, never swapped for the anonymous look", async ({ openReader }) => {
  const name = uniqueName("Bea");
  const alice = await openReader(POST);
  const bea = await openReader(POST);
  const bystander = await openReader("/online");
  await expect(footerCount(alice.page)).toHaveText("3 readers online");
  await expect(readerChips(alice.page)).toHaveCount(2);
  const counts = await recordFooterCounts(alice.page);
  await markPage(bea.page);

  await signInWithDemo(bea.page, name);

  // Bea's anonymous look leaves Alice's rail; in a room this small her name doesn't take its place.
  await expect(readerChips(alice.page)).toHaveCount(1, { timeout: 3000 });
  await expect(bea.page.getByTestId("not-shown-note")).toBeVisible();
  await expect(readerChips(bea.page).filter({ hasText: "You, not shown to other readers" })).toHaveCount(1);
  // /online lists her after a short while, without saying she is on the post she was reading.
  const listedBea = bystander.page.getByTestId("online-person").filter({ hasText: name });
  await expect(listedBea).toContainText("browsing the blog", { timeout: E2E_REENTRY_DELAY_MS.max + 3000 });
  expect(await wasNotReloaded(bea.page)).toBe(true);
  // A page she loads now counts her once from its first paint (the shard her sockets are in
  // answers, though her session id changed).
  const firstPaint = await (await bea.context.request.get(POST)).text();
  expect(firstPaint).toContain("3 readers online");
  expect(firstPaint).not.toContain("4 readers online");
  await alice.page.waitForTimeout(500);
  expect(await counts()).toEqual(["3 readers online"]);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(0);

  // Her next visit to the post shows her by name. (Left for the home page first: a reload would
  // keep this visit, in which she must not be named.)
  await bea.page.getByRole("link", { name: "Home" }).click();
  await expect(bea.page.getByRole("heading", { level: 1 })).toHaveText("Notes on live presence");
  await bea.page.goto(POST);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(readerChips(bea.page).filter({ hasText: `${name} (you)` })).toHaveCount(1);
  await expect(listedBea).toContainText("How live presence works");

  // Signing out: the name leaves at once, and no anonymous newcomer takes its place this visit.
  await markPage(bea.page);
  await signOut(bea.page);
  await expect(readerChips(alice.page)).toHaveCount(1, { timeout: 3000 });
  await expect(listedBea).toHaveCount(0);
  await alice.page.waitForTimeout(E2E_REENTRY_DELAY_MS.max + 500);
  await expect(readerChips(alice.page)).toHaveCount(1);
  expect(await wasNotReloaded(bea.page)).toBe(true);
  expect(await counts()).toEqual(["3 readers online"]);
});

test("one person signed in on two browsers is one reader", async ({ openReader }) => {
  const name = uniqueName("Dev");
  const alice = await openReader(POST);
  const laptop = await openReader("/");
  const phone = await openReader("/");
  await expect(footerCount(alice.page)).toHaveText("3 readers online");

  await signInWithDemo(laptop.page, name);
  await signInWithDemo(phone.page, name);
  await expect(footerCount(alice.page)).toHaveText("2 readers online", { timeout: 3000 });
  await laptop.page.goto(POST);
  await phone.page.goto(POST);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(readerChips(alice.page)).toHaveCount(2);

  // Closing one device keeps the person online; closing the other lets them go.
  await phone.context.close();
  await alice.page.waitForTimeout(500);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");
  await laptop.context.close();
  await expect(footerCount(alice.page)).toHaveText("1 reader online", { timeout: E2E_GRACE_MS + 2000 });
  expect(await userIdByName(name)).toMatch(/^demo-/);
});

test("the presence ticket carries a short-lived token, bound to the browser's session, which is new at every sign-in and sign-out", { tag: "@attack" }, async ({ openReader }) => {
  const name = uniqueName("Tom");
  const reader = await openReader("/");
  const ticket = async () => (await reader.page.request.get("/api/presence/ticket")).json() as Promise<{ sid: string; token: string | null }>;
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString());
  const sessionOf = (sid: string) => sid.slice(0, sid.lastIndexOf("."));

  const anonymous = await ticket();
  expect(anonymous.token).toBeNull();
  expect((await ticket()).sid).toBe(anonymous.sid);

  await signInWithDemo(reader.page, name);
  const signedIn = await ticket();
  expect(signedIn.sid).not.toBe(anonymous.sid);
  expect((await ticket()).sid).toBe(signedIn.sid);
  const [header, payload] = (signedIn.token ?? "").split(".").slice(0, 2).map((part) => decode(part));
  expect(header.alg).toBe("HS256");
  expect(payload.sub).toBe(await userIdByName(name));
  expect(payload).toMatchObject({ name, visible: true, sid: sessionOf(signedIn.sid), iss: expect.any(String), aud: expect.any(String) });
  expect(payload.exp - payload.iat).toBeLessThanOrEqual(300);

  // A session id that was not signed by the app is replaced, never adopted.
  await reader.context.addCookies([{ name: "lr_sid", value: "guessed-session-id.forged", url: reader.page.url() }]);
  const afterForgery = await ticket();
  expect(afterForgery.sid).not.toContain("guessed-session-id");

  await signOut(reader.page);
  const signedOut = await ticket();
  expect(signedOut.token).toBeNull();
  expect([anonymous.sid, signedIn.sid, afterForgery.sid]).not.toContain(signedOut.sid);
});

test("signing out holds even when a page asked for while signed in answers after it", { tag: "@attack" }, async ({ openReader }) => {
  const reader = await openReader("/");
  await signInWithDemo(reader.page, uniqueName("Sam"));
  // A request for a page only signed-in people may open (a prefetch, another tab) leaves while
  // signed in; its answer reaches the browser only after the sign-out.
  let answered!: () => void;
  const serverAnswered = new Promise<void>((resolve) => (answered = resolve));
  let release!: () => void;
  const signedOut = new Promise<void>((resolve) => (release = resolve));
  await reader.context.route(
    (url) => url.pathname === "/settings" && url.searchParams.has("late"),
    async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      answered();
      await signedOut;
      await route.fulfill({ response });
    },
  );
  const late = reader.page.evaluate(() => fetch("/settings?late=1", { redirect: "manual" }).then((response) => response.status));
  await serverAnswered;
  await signOut(reader.page);
  release();
  await late;

  await reader.page.reload();
  await expect(reader.page.locator("header").getByRole("button", { name: "Sign in" })).toBeVisible();
  const session = await (await reader.page.request.get("/api/auth/session")).json();
  expect(session?.user ?? null).toBeNull();
});
