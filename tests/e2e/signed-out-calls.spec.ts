import type { APIRequestContext, Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { showOnline, userIdByName } from "./support/db";
import { expect, test } from "./support/fixtures";
import { signInWithDemo, uniqueName } from "./support/people";

const ATTACKER_SECRET = "not-the-apps-auth-secret-0123456789abcdef";

/** Auth.js's session cookie as the browser holds it after signing in. */
async function sessionCookie(page: Page): Promise<{ name: string; value: string }> {
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  if (!cookie) throw new Error("no Auth.js session cookie: is the page signed in?");
  return cookie;
}

/** A well-formed Auth.js session token for `userId`, encrypted with a secret that isn't the app's. */
function forgedSessionToken(cookieName: string, userId: string): Promise<string> {
  return encode({ token: { sub: userId, name: "Mallory" }, secret: ATTACKER_SECRET, salt: cookieName });
}

async function toggleShowOnline(page: Page, expected: "Others can see you online." | "You are hidden."): Promise<void> {
  await page.getByTestId("show-online-toggle").click();
  await expect(page.getByTestId("show-online-status")).toHaveText(expected);
}

test("the privacy action, captured signed in and replayed without the session, with a forged one or someone else's, never changes the person's setting", { tag: "@attack" }, async ({ openReader, playwright }) => {
  const name = uniqueName("Val");
  const val = await openReader("/");
  await signInWithDemo(val.page, name);
  const valId = (await userIdByName(name)) ?? "";
  await val.page.goto("/settings");

  // The real request the settings toggle sends (Next-Action header and body), captured on its way.
  const sent = val.page.waitForRequest((request) => request.method() === "POST" && "next-action" in request.headers());
  await toggleShowOnline(val.page, "You are hidden.");
  const action = await sent;
  // Everything the browser sent but its cookies: the replays bring their own, or none.
  const headers = Object.fromEntries(Object.entries(await action.allHeaders()).filter(([header]) => header !== "cookie"));
  const body = action.postData() ?? "";
  expect(headers["next-action"]).toMatch(/^[0-9a-f]{40,}$/);
  expect(await showOnline(valId)).toBe(false);

  // Back on: from here, any replay that got through would hide Val again.
  await toggleShowOnline(val.page, "Others can see you online.");
  expect(await showOnline(valId)).toBe(true);

  /** Sends the captured action again to `path`, with the cookies given (none by default). */
  const replay = async (path: string, cookie?: string) => {
    const client: APIRequestContext = await playwright.request.newContext();
    try {
      const url = new URL(path, action.url()).toString();
      const response = await client.post(url, { headers: cookie ? { ...headers, cookie } : headers, data: body, maxRedirects: 0 });
      return { status: response.status(), location: response.headers().location ?? "", text: await response.text() };
    } finally {
      await client.dispose();
    }
  };

  const valsCookie = await sessionCookie(val.page);
  const refusals: Record<string, string | undefined> = {
    "no cookie at all": undefined,
    "a garbage session cookie": `${valsCookie.name}=garbage`,
    "Val's cookie, tampered": `${valsCookie.name}=${valsCookie.value.slice(0, -4)}AAAA`,
    "a session token forged for Val with another secret": `${valsCookie.name}=${await forgedSessionToken(valsCookie.name, valId)}`,
  };
  for (const [label, cookie] of Object.entries(refusals)) {
    // Where it was captured: sent to sign in, the action never runs.
    const atSettings = await replay("/settings", cookie);
    expect(atSettings.status, label).toBeGreaterThanOrEqual(300);
    expect(atSettings.location, label).toMatch(/\/signin$/);
    // Posted to another page, Next.js forwards it to /settings: still no way around the check.
    const elsewhere = await replay("/", cookie);
    expect(elsewhere.text, label).not.toContain('"ok":true');
    expect(await showOnline(valId), label).toBe(true);
  }

  // Someone else's real session: the action acts for them, never for the person it was captured from.
  const otherName = uniqueName("Oz");
  const oz = await openReader("/");
  await signInWithDemo(oz.page, otherName);
  const ozsCookie = await sessionCookie(oz.page);
  const asOz = await replay("/settings", `${ozsCookie.name}=${ozsCookie.value}`);
  expect(asOz.status).toBe(200);
  expect(await showOnline((await userIdByName(otherName)) ?? "")).toBe(false);
  expect(await showOnline(valId)).toBe(true);
});

test("a forged session cookie gets no presence token from the ticket endpoint", { tag: "@attack" }, async ({ openReader }) => {
  const reader = await openReader("/");
  await signInWithDemo(reader.page, uniqueName("Kim"));
  const real = await sessionCookie(reader.page);
  const ticketWith = async (value: string) => {
    await reader.context.addCookies([{ name: real.name, value, url: reader.page.url() }]);
    const response = await reader.page.request.get("/api/presence/ticket");
    expect(response.status()).toBe(200);
    return (await response.json()) as { sid: string; token: string | null };
  };
  expect((await ticketWith(real.value)).token).not.toBeNull();
  expect((await ticketWith(await forgedSessionToken(real.name, "seed-ada"))).token).toBeNull();
  expect((await ticketWith("garbage")).token).toBeNull();
});
