// ONLINE_LIST_AUDIENCE=signed-in on every path that carries names: the site socket, the site
// GET, a post's room in a real browser, the room's plain GET. The owner's status API (with its
// key) still answers, as it should.
import { test as base } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { readerChips, signInWithDemo, uniqueName } from "./support/people";
import { E2E_APP_URL, E2E_STATUS_API_KEY, E2E_WORKER_URL } from "./support/ports";
import { startWorker, stopWorker } from "./support/worker-process";
import { connect } from "./support/ws-client";

const SLUG = "how-live-presence-works";
const POST = `/posts/${SLUG}`;

test.describe("names for signed-in readers only", () => {
  base.beforeAll(async () => {
    await stopWorker();
    await startWorker({ vars: { ONLINE_LIST_AUDIENCE: "signed-in" } });
  });
  base.afterAll(async () => {
    await stopWorker();
    await startWorker();
  });

  test("an anonymous reader learns no name on any path; a signed-in one sees them", { tag: "@attack" }, async ({ openReader }) => {
    const name = uniqueName("Ada");
    const anonymous = await openReader(POST);
    const ada = await openReader("/");
    await signInWithDemo(ada.page, name);
    await ada.page.goto(POST);
    const friend = await openReader("/");
    await signInWithDemo(friend.page, uniqueName("Friend"));
    await friend.page.goto(POST);
    // Sockets that name themselves after the tags of signed-in readers.
    const snoops = await Promise.all(["viewer:signed-in", "signed-in", "user:seed-ada"].map((pk) => connect("/parties/site/global", { query: { _pk: pk } })));
    const roomSnoop = await connect(`/parties/article/${SLUG}`, { query: { _pk: "viewer:signed-in" } });

    await expect(readerChips(friend.page).filter({ hasText: name })).toHaveCount(1, { timeout: 3000 });
    await expect(readerChips(anonymous.page)).toHaveCount(4);
    await expect(readerChips(anonymous.page).filter({ hasText: name })).toHaveCount(0);
    await expect(anonymous.page.locator("body")).not.toContainText(name);

    for (const snoop of [...snoops, roomSnoop]) expect(JSON.stringify(snoop.messages)).not.toContain(name);
    const siteGet = await (await fetch(`${E2E_WORKER_URL}/parties/site/global`)).json();
    expect(siteGet.people).toBeNull();
    expect(JSON.stringify(await (await fetch(`${E2E_WORKER_URL}/parties/article/${SLUG}`)).json())).not.toContain(name);

    // The owner's own systems, with the API key, still know who is online.
    const statuses = await fetch(`${E2E_APP_URL}/api/v1/totals`, { headers: { authorization: `Bearer ${E2E_STATUS_API_KEY}` } });
    expect(statuses.status).toBe(200);
    for (const client of [...snoops, roomSnoop]) client.socket.close(1000);
  });
});
