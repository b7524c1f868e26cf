// An observer who logs every frame of every post's room and of the site, against real readers
// in Chromium who hide, sign in and out mid-read, and come back on other devices and days. What
// must hold: no frame ties a hidden person to their name, two hidden visits to each other, or a
// browser's anonymous reading to the person who signs in or out on it.
import { readdirSync } from "node:fs";
import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { readerChips, signInWithDemo, signOut, uniqueName } from "./support/people";
import { E2E_REENTRY_DELAY_MS } from "./support/ports";
import { connect, type RawClient } from "./support/ws-client";

const SLUG = "how-live-presence-works";
/** Every post of the blog, as content/posts has them (and the blog's sitemap lists them). */
const POST_SLUGS = readdirSync("content/posts").filter((file) => /\.mdx?$/.test(file)).map((file) => file.replace(/\.mdx?$/, ""));
const POST = `/posts/${SLUG}`;

interface Logged {
  room: string;
  at: number;
  frame: { type: string; upserts?: Look[]; readers?: Look[]; faces?: Look[]; removed?: string[]; people?: unknown; you?: string | null };
}
interface Look {
  id: string;
  label: string;
}

/**
 * One socket to the site and one to every post's room, logging every frame they receive. The
 * rooms' sockets watch without being counted (they see every frame a reader sees), so the
 * observer adds no visit to any post's reading insights.
 */
async function startObserver(): Promise<{ log: Logged[]; stop: () => void }> {
  const log: Logged[] = [];
  const clients: RawClient[] = [];
  for (const room of ["/parties/site/global", ...POST_SLUGS.map((slug) => `/parties/article/${slug}`)]) {
    const client = await connect(room, room.startsWith("/parties/article/") ? { query: { watch: "1" } } : {});
    clients.push(client);
    client.socket.on("message", (data) => {
      const text = data.toString();
      if (text !== "pong") log.push({ room, at: Date.now(), frame: JSON.parse(text) });
    });
  }
  const heartbeat = setInterval(() => clients.forEach((client) => client.send("ping")), 3000);
  return { log, stop: () => (clearInterval(heartbeat), clients.forEach((client) => client.socket.close(1000))) };
}

/** Every look the observer was shown in a room, with the frame that showed it. */
const looksShown = (log: Logged[], room: string) =>
  log.filter((entry) => entry.room === room).flatMap((entry) => [...(entry.frame.readers ?? []), ...(entry.frame.upserts ?? []), ...(entry.frame.faces ?? [])].map((look) => ({ ...look, at: entry.at })));

/** Frames that removed one reader and added another at once: the swap an observer would link. */
const swaps = (log: Logged[]) => log.filter((entry) => (entry.frame.removed?.length ?? 0) > 0 && (entry.frame.upserts?.length ?? 0) > 0);

const roomPath = `/parties/article/${SLUG}`;
const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((cookie) => cookie.name === "lr_sid")?.value;

test("hiding mid-read in a small room: the name goes, and no look the observer sees afterwards can be tied to it", { tag: "@attack" }, async ({ openReader }) => {
  const observer = await startObserver();
  try {
    const name = uniqueName("Hana");
    const alice = await openReader(POST);
    const hana = await openReader("/");
    await signInWithDemo(hana.page, name);
    await hana.page.goto(POST);
    await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
    const settings = await hana.context.newPage();
    await settings.goto("/settings");
    const hiddenAt = Date.now();
    await settings.getByTestId("show-online-toggle").click();
    await expect(settings.getByTestId("show-online-status")).toHaveText("You are hidden.");
    await expect(readerChips(alice.page).filter({ hasText: name })).toHaveCount(0, { timeout: 2000 });
    await alice.page.waitForTimeout(E2E_REENTRY_DELAY_MS.max + 1000);

    // After hiding, the observer was shown no new look in Hana's room, and her name never again anywhere.
    expect(looksShown(observer.log, roomPath).filter((look) => look.at >= hiddenAt)).toEqual([]);
    expect(JSON.stringify(observer.log.filter((entry) => entry.at >= hiddenAt + 2000))).not.toContain(name);
    expect(swaps(observer.log)).toEqual([]);
  } finally {
    observer.stop();
  }
});

test("two hidden visits, on two devices, and one anonymous browser on two days: every visit is a stranger to the last", { tag: "@attack" }, async ({ openReader, browser }) => {
  const observer = await startObserver();
  try {
    const name = uniqueName("Hal");
    const alice = await openReader(POST);
    // The observer watches every post without being counted: Alice sees herself alone.
    await expect(readerChips(alice.page)).toHaveCount(1);
    let hiddenAt = 0;
    for (const device of ["laptop", "phone"]) {
      const reader = await openReader("/");
      await signInWithDemo(reader.page, name);
      if (device === "laptop") {
        const settings = await reader.context.newPage();
        await settings.goto("/settings");
        await settings.getByTestId("show-online-toggle").click();
        await expect(settings.getByTestId("show-online-status")).toHaveText("You are hidden.");
        hiddenAt = Date.now();
        await settings.close();
      }
      await reader.page.goto(POST);
      await expect(readerChips(alice.page)).toHaveCount(2, { timeout: 3000 });
      await reader.context.close();
      await expect(readerChips(alice.page)).toHaveCount(1, { timeout: 5000 });
    }
    // The same anonymous browser, today and "tomorrow" (its cookies kept in between).
    const context = await browser.newContext();
    const day1 = await context.newPage();
    await day1.goto(POST);
    await expect(readerChips(alice.page)).toHaveCount(2, { timeout: 3000 });
    const state = await context.storageState();
    await context.close();
    await expect(readerChips(alice.page)).toHaveCount(1, { timeout: 5000 });
    const nextDay = await browser.newContext({ storageState: state });
    const day2 = await nextDay.newPage();
    await day2.goto(POST);
    await expect(readerChips(alice.page)).toHaveCount(2, { timeout: 3000 });
    await nextDay.close();

    // Alice and four visits: five different public ids, none of them named.
    const idsShown = new Set(looksShown(observer.log, roomPath).map((look) => look.id));
    expect(idsShown.size).toBe(5);
    // Hal was listed on the site between signing in and hiding; never after, and never in a room.
    expect(JSON.stringify(observer.log.filter((entry) => entry.at > hiddenAt + 500))).not.toContain(name);
    expect(JSON.stringify(observer.log.filter((entry) => entry.room !== "/parties/site/global"))).not.toContain(name);
  } finally {
    observer.stop();
  }
});

test("signing in and out mid-read: a new session each time, the anonymous look never becomes the name in view of the observer", { tag: "@attack" }, async ({ openReader }) => {
  const observer = await startObserver();
  try {
    const name = uniqueName("Bea");
    const alice = await openReader(POST);
    const bea = await openReader(POST);
    await expect(readerChips(alice.page)).toHaveCount(2);
    const sessions = [await sessionCookie(bea.context)];
    const mark = observer.log.length;
    await signInWithDemo(bea.page, name);
    await expect(readerChips(alice.page)).toHaveCount(1, { timeout: 3000 });
    await expect.poll(() => sessionCookie(bea.context)).not.toBe(sessions[0]);
    sessions.push(await sessionCookie(bea.context));
    await alice.page.waitForTimeout(E2E_REENTRY_DELAY_MS.max + 500);
    // While she reads on, her name never appears in the room (it would be the look that replaced hers).
    expect(looksShown(observer.log.slice(mark), roomPath).filter((look) => look.label === name)).toEqual([]);

    await signOut(bea.page);
    await expect.poll(() => sessionCookie(bea.context)).not.toBe(sessions[1]);
    sessions.push(await sessionCookie(bea.context));
    await alice.page.waitForTimeout(E2E_REENTRY_DELAY_MS.max + 500);
    expect(looksShown(observer.log.slice(mark), roomPath)).toEqual([]);
    expect(new Set(sessions).size).toBe(3);
    expect(swaps(observer.log)).toEqual([]);
  } finally {
    observer.stop();
  }
});
