// The room rule: a post's room exists once its site lists the post (its sitemap, read by the
// site's catalog on a miss, at most once per SITEMAP_REFRESH_MIN_MS); rooms belong to a site; a
// made-up room is refused before any Article object exists, however many are asked for.
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { summary, tracked } from "./support/observe";
import { SITEMAP_CONTROL, sitemapXml } from "./support/outbound";
import { roomViewOf } from "./support/room-view";
import { eventually, get, openSocket, sleep, type TestSocket, upgradeStatus } from "./support/sockets";
import { OTHER_SITE_ORIGIN, TEST_WORKER_VARS } from "./support/vars";

const REFRESH_MS = Number(TEST_WORKER_VARS.SITEMAP_REFRESH_MIN_MS);
const OTHER_SITEMAP = `${OTHER_SITE_ORIGIN}/sitemap.xml`;
const other = { origin: OTHER_SITE_ORIGIN };
const room = (slug: string) => `/parties/article/${slug}`;

/** The other blog publishes these posts (at /blog/<slug>), and a page or two that are no posts. */
async function publishOnOtherBlog(slugs: string[]): Promise<void> {
  const urls = [`${OTHER_SITE_ORIGIN}/`, `${OTHER_SITE_ORIGIN}/about`, ...slugs.map((slug) => `${OTHER_SITE_ORIGIN}/blog/${slug}`)];
  await fetch(`${SITEMAP_CONTROL}?url=${encodeURIComponent(OTHER_SITEMAP)}`, { method: "PUT", body: sitemapXml(urls) });
}

/** How often the worker fetched the other blog's sitemap, as the blog's server counted. */
async function otherSitemapFetches(): Promise<number> {
  return ((await (await fetch(`${SITEMAP_CONTROL}?url=${encodeURIComponent(OTHER_SITEMAP)}`)).json()) as { fetches: number }).fetches;
}

/** The ids of every Article object that exists. */
async function articleObjects(): Promise<string[]> {
  return (await listDurableObjectIds(env.Article)).map((id) => id.toString());
}

async function reader(path: string, options: { origin?: string } = {}): Promise<TestSocket> {
  const socket = tracked(await openSocket(path, options));
  await socket.next((frame) => frame.type === "room-snapshot");
  return socket;
}

describe("a post's room comes from its site", () => {
  it("a post the site lists has a live room; one it doesn't list is refused, for sockets and GETs, and no object is created", async () => {
    const before = await articleObjects();
    const ada = await reader(room("how-live-presence-works"));
    expect(roomViewOf(ada).count).toBe(1);
    await eventually(async () => expect((await summary()).reading).toEqual({ "how-live-presence-works": 1 }));

    expect(await upgradeStatus(room("a-post-nobody-wrote"))).toBe(404);
    const response = await get(room("a-post-nobody-wrote"));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("Unknown room");
    expect((await articleObjects()).length).toBe(before.length + 1);
  });

  it("a post published after the sitemap was read has a live room within the refresh bound, with no restart or redeploy", async () => {
    await publishOnOtherBlog(["slow-bread-at-home"]);
    await sleep(REFRESH_MS);
    await reader(room("slow-bread-at-home"), other);
    expect(await upgradeStatus(room("a-week-without-email"), other)).toBe(404);

    await publishOnOtherBlog(["slow-bread-at-home", "a-week-without-email"]);
    const first = await eventually(() => reader(room("a-week-without-email"), other), { timeoutMs: REFRESH_MS * 3, everyMs: 200 });
    const second = await reader(room("a-week-without-email"), other);
    await eventually(() => expect(roomViewOf(first).count).toBe(2));
    expect(roomViewOf(second).count).toBe(2);
  });
});

describe("rooms belong to a site", () => {
  it("one site's post is no room on another, and the same slug on two sites is two rooms, each site ranking its own", async () => {
    await publishOnOtherBlog(["slow-bread-at-home", "how-live-presence-works"]);
    await sleep(REFRESH_MS);
    // This blog has no post at slow-bread-at-home: the other blog's is not this blog's room.
    expect(await upgradeStatus(room("slow-bread-at-home"))).toBe(404);

    const here = await reader(room("how-live-presence-works"));
    const there = await reader(room("how-live-presence-works"), other);
    const alsoThere = await reader(room("how-live-presence-works"), other);
    await eventually(() => expect(roomViewOf(there).count).toBe(2));
    expect(roomViewOf(alsoThere).count).toBe(2);
    expect(roomViewOf(here).count).toBe(1);

    // Each site's pages hear the "reading now" of their own posts, by the slug they link to.
    const siteHere = tracked(await openSocket("/parties/site/global"));
    const siteThere = tracked(await openSocket("/parties/site/global", other));
    const readingOf = (socket: TestSocket) => [...socket.frames].reverse().find((frame) => frame.type === "reading" || frame.type === "site-snapshot")?.reading;
    await eventually(() => expect(readingOf(siteHere)).toEqual({ "how-live-presence-works": 1 }));
    await eventually(() => expect(readingOf(siteThere)).toEqual({ "how-live-presence-works": 2 }));
    await eventually(async () => expect((await summary()).reading).toEqual({ "how-live-presence-works": 1 }));
  });
});

describe("made-up rooms", () => {
  it("a flood of made-up names is refused: no Article object, and the site's sitemap read at most once per refresh window", async () => {
    await publishOnOtherBlog(["slow-bread-at-home"]);
    await sleep(REFRESH_MS);
    await reader(room("slow-bread-at-home"), other);
    const objects = await articleObjects();
    const fetchesBefore = await otherSitemapFetches();
    const started = Date.now();

    const statuses: number[] = [];
    for (let wave = 0; wave < 6; wave++) {
      const names = Array.from({ length: 50 }, (_, i) => `made-up-${wave}-${i}-${crypto.randomUUID().slice(0, 8)}`);
      statuses.push(...(await Promise.all(names.map((name) => upgradeStatus(room(name), other)))));
      statuses.push(...(await Promise.all(names.slice(0, 10).map(async (name) => (await get(room(name), { headers: { Origin: OTHER_SITE_ORIGIN } })).status))));
      await sleep(REFRESH_MS / 4);
    }
    const elapsed = Date.now() - started;

    expect(statuses.length).toBe(360);
    expect(new Set(statuses)).toEqual(new Set([404]));
    expect(await articleObjects()).toEqual(objects);
    // Bounded: one read per window that had a miss, whatever the number of names.
    const reads = (await otherSitemapFetches()) - fetchesBefore;
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(Math.ceil(elapsed / REFRESH_MS) + 1);
    const stored = await runInDurableObject(env.PostCatalog.getByName("other.test"), (_instance, state) => state.storage.get<string[]>("posts"));
    expect(stored).toEqual(["slow-bread-at-home"]);
  });
});
