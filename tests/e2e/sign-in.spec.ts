import { DEFAULT_GRACE_MS } from "@/party/timing";
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

test("signing in makes a reader themself in place: the count holds, the chip takes their name, /online lists them", async ({ openReader }) => {
  const name = uniqueName("Bea");
  const alice = await openReader(POST);
  const bea = await openReader(POST);
  const bystander = await openReader("/online");
  await expect(footerCount(alice.page)).toHaveText("3 readers online");
  await expect(readerChips(alice.page)).toHaveCount(2);
  const counts = await recordFooterCounts(alice.page);
  await markPage(bea.page);

  await signInWithDemo(bea.page, name);

  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(readerChips(bea.page).filter({ hasText: `${name} (you)` })).toHaveCount(1);
  await expect(bystander.page.getByTestId("online-person").filter({ hasText: name })).toHaveCount(1);
  await expect(bystander.page.getByTestId("online-person").filter({ hasText: name })).toContainText("How live presence works");
  expect(await wasNotReloaded(bea.page)).toBe(true);
  await expect(readerChips(alice.page)).toHaveCount(2);
  await alice.page.waitForTimeout(500);
  expect(await counts()).toEqual(["3 readers online"]);

  // Signing out makes her an anonymous reader again, the same way.
  await signOut(bea.page);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(0, { timeout: 3000 });
  await expect(readerChips(alice.page)).toHaveCount(2);
  await expect(bystander.page.getByTestId("online-person").filter({ hasText: name })).toHaveCount(0);
  expect(await wasNotReloaded(bea.page)).toBe(true);
  await alice.page.waitForTimeout(500);
  expect(await counts()).toEqual(["3 readers online"]);
});

test("one person signed in on two browsers is one reader", async ({ openReader }) => {
  const name = uniqueName("Dev");
  const alice = await openReader(POST);
  const laptop = await openReader(POST);
  const phone = await openReader(POST);
  await expect(footerCount(alice.page)).toHaveText("3 readers online");

  await signInWithDemo(laptop.page, name);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
  await expect(footerCount(alice.page)).toHaveText("3 readers online");

  await signInWithDemo(phone.page, name);
  await expect(footerCount(alice.page)).toHaveText("2 readers online", { timeout: 3000 });
  await expect(readerChips(alice.page)).toHaveCount(2);
  await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1);

  // Closing one device keeps the person online; closing the other lets them go.
  await phone.context.close();
  await alice.page.waitForTimeout(500);
  await expect(footerCount(alice.page)).toHaveText("2 readers online");
  await laptop.context.close();
  await expect(footerCount(alice.page)).toHaveText("1 reader online", { timeout: DEFAULT_GRACE_MS + 2000 });
  expect(await userIdByName(name)).toMatch(/^demo-/);
});

test("the presence ticket carries a short-lived token only for the signed-in person, and keeps the browser's session", { tag: "@attack" }, async ({ openReader }) => {
  const name = uniqueName("Tom");
  const reader = await openReader("/");
  const ticket = async () => (await reader.page.request.get("/api/presence/ticket")).json() as Promise<{ sid: string; token: string | null }>;
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString());

  const anonymous = await ticket();
  expect(anonymous.token).toBeNull();
  expect((await ticket()).sid).toBe(anonymous.sid);

  await signInWithDemo(reader.page, name);
  const signedIn = await ticket();
  expect(signedIn.sid).toBe(anonymous.sid);
  const [header, payload] = (signedIn.token ?? "").split(".").slice(0, 2).map((part) => decode(part));
  expect(header.alg).toBe("HS256");
  expect(payload.sub).toBe(await userIdByName(name));
  expect(payload).toMatchObject({ name, visible: true, iss: expect.any(String), aud: expect.any(String) });
  expect(payload.exp - payload.iat).toBeLessThanOrEqual(300);

  // A session id that was not signed by the app is replaced, never adopted.
  await reader.context.addCookies([{ name: "lr_sid", value: "guessed-session-id.forged", url: reader.page.url() }]);
  const afterForgery = await ticket();
  expect(afterForgery.sid).not.toContain("guessed-session-id");

  await signOut(reader.page);
  expect((await ticket()).token).toBeNull();
});
