// ONLINE_LIST_AUDIENCE=signed-in: names of signed-in people reach signed-in readers only, on
// every path that carries them (site socket, site GET, post rooms, a room's GET), whatever an
// anonymous socket calls itself.
import { describe, expect, it } from "vitest";
import { POST, SITE, summary, tracked } from "./support/observe";
import { everyLookSeen, labelsOf, roomViewOf } from "./support/room-view";
import { eventually, get, openSocket, presenceToken, signedSessionId, sleep } from "./support/sockets";

async function signedIn(path: string, userId: string, name: string) {
  const sid = await signedSessionId();
  return tracked(await openSocket(path, { sid, token: await presenceToken({ sid, userId, name }) }));
}

describe("names only for signed-in readers", () => {
  it("an anonymous socket never receives the online list, whatever connection id or tag it names itself after", async () => {
    const snoops = [];
    for (const pk of ["viewer:signed-in", "signed-in", "user:ada", "c-00000000-0000-0000-0000-000000000000"]) {
      snoops.push(tracked(await openSocket(SITE, { query: { _pk: pk } })));
    }
    const ada = await signedIn(SITE, "ada", "Ada Lovelace");
    const friend = await signedIn(SITE, "friend", "Friend");
    await eventually(async () => expect((await summary()).online).toBe(6));
    await eventually(() => expect(JSON.stringify(friend.frames)).toContain("Ada Lovelace"));
    ada.send({ type: "location", slug: "privacy-in-presence" });
    await sleep(500);
    for (const snoop of snoops) {
      expect(JSON.stringify(snoop.frames)).not.toContain("Ada");
      expect(snoop.frames.find((frame) => frame.type === "site-snapshot")).toMatchObject({ people: null });
      expect(snoop.frames.some((frame) => frame.type === "people-diff")).toBe(false);
    }
    expect((await summary()).people).toBeNull();
  });

  it("in a post's room anonymous readers see visible people under a made-up look; signed-in readers see their names", async () => {
    const anonymous = tracked(await openSocket(POST));
    const ada = await signedIn(POST, "ada", "Ada Lovelace");
    const friend = await signedIn(POST, "friend", "Friend");
    ada.send({ type: "progress", progress: 0.3 });
    await eventually(() => expect(roomViewOf(anonymous).count).toBe(3));
    await eventually(() => expect(labelsOf(roomViewOf(friend))).toContain("Ada Lovelace"));
    await sleep(300);
    expect(everyLookSeen(anonymous).labels).not.toContain("Ada Lovelace");
    expect(everyLookSeen(anonymous).labels).not.toContain("Friend");
    expect(JSON.stringify(anonymous.frames)).not.toMatch(/Ada|Friend|"image":"http/);
    // Ada is still where she is, for everyone.
    expect([...roomViewOf(anonymous).readers.values()].map((reader) => reader.progress)).toContain(0.3);
    const plain = await (await get(POST)).text();
    expect(plain).not.toMatch(/Ada|Friend/);
    expect(JSON.parse(plain)).toMatchObject({ count: 3 });
  });
});
