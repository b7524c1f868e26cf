import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ConnectionOwner, ReaderIndex } from "@/party/site/reader-index";
import { siteShardFor, siteShardNames } from "@/party/config/site-shards";
import { newSessionId } from "@/party/shared/tickets";
import { diffPeople, mergeShards, type ShardPerson, type ShardReport } from "@/party/lobby/site-view";

function reportOf(index: ReaderIndex, people: ShardPerson[] = []): ShardReport {
  const { sessions, userIds } = index.tally();
  return { sessionReaders: sessions, activeSessionReaders: sessions, userIds, activeUserIds: userIds, people, departures: {}, lastHeard: {} };
}

const person = (id: string, overrides: Partial<ShardPerson> = {}): ShardPerson => ({
  id,
  name: `Person ${id}`,
  image: null,
  reading: null,
  active: true,
  movedAt: 0,
  ...overrides,
});

describe("choosing a shard", () => {
  it("puts every tab of a browser session in the same shard, and spreads sessions over all shards", () => {
    const shards = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const sessionId = newSessionId();
      expect(siteShardFor(sessionId, 4)).toBe(siteShardFor(sessionId, 4));
      shards.add(siteShardFor(sessionId, 4));
    }
    expect([...shards].sort()).toEqual(siteShardNames(4));
  });
});

/** Browser sessions 0 to 12, in buckets 0 to 12: spread over every shard of up to 6. */
const SESSION_IDS = Array.from({ length: 13 }, (_, bucket) => newSessionId({ bucket }));

describe("merging shard reports", () => {
  it("counts one person on two devices in two shards once, and every browser session once", () => {
    const shardA = new ReaderIndex();
    const shardB = new ReaderIndex();
    shardA.add("laptop", { sessionId: "laptop-session", userId: "ada" });
    shardB.add("phone", { sessionId: "phone-session", userId: "ada" });
    shardA.add("anon-1", { sessionId: "anon-session-1", userId: null });
    shardB.add("anon-2", { sessionId: "anon-session-2", userId: null });
    expect(mergeShards([reportOf(shardA), reportOf(shardB)]).online).toBe(3);
  });

  it("equals one index over every connection, however sessions and people spread over shards", () => {
    const connection = fc.record({
      session: fc.integer({ min: 0, max: 12 }),
      user: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(connection, { maxLength: 60 }), fc.integer({ min: 1, max: 6 }), (connections, shardCount) => {
        const whole = new ReaderIndex();
        const shards = new Map<string, ReaderIndex>();
        connections.forEach(({ session, user }, i) => {
          // A browser session is signed in as at most one person: derive the person from the session.
          const owner: ConnectionOwner = { sessionId: SESSION_IDS[session]!, userId: user === null ? null : `user-${session % 6}` };
          whole.add(`c${i}`, owner);
          const shard = siteShardFor(owner.sessionId, shardCount);
          const index = shards.get(shard) ?? new ReaderIndex();
          index.add(`c${i}`, owner);
          shards.set(shard, index);
        });
        expect(mergeShards([...shards.values()].map((index) => reportOf(index))).online).toBe(whole.count);
      }),
    );
  });

  it("lists a person on several shards once: where they moved last, active if any device is", () => {
    const merged = mergeShards([
      { ...reportOf(new ReaderIndex(), [person("ada", { reading: "old-post", movedAt: 10, active: true })]), userIds: ["ada"] },
      { ...reportOf(new ReaderIndex(), [person("ada", { reading: "new-post", movedAt: 20, active: false })]), userIds: ["ada"] },
    ]);
    expect(merged.people).toEqual([{ id: "ada", name: "Person ada", image: null, reading: "new-post", active: true }]);
    expect(merged.online).toBe(1);
  });

  it("counts active readers by the same rules: a person is active if any device is", () => {
    const idle: ShardReport = { ...reportOf(new ReaderIndex()), userIds: ["ada"], activeUserIds: [] };
    const active: ShardReport = { ...reportOf(new ReaderIndex()), userIds: ["ada"], activeUserIds: ["ada"] };
    expect(mergeShards([idle, active])).toMatchObject({ online: 1, active: 1 });
    expect(mergeShards([idle])).toMatchObject({ online: 1, active: 0 });
  });
});

describe("listing holds (a re-entry waits a random while, one for the person)", () => {
  const NOW = 1_000_000;
  const ada = person("ada");
  const held = (holds: Record<string, number>): ShardReport => ({ ...reportOf(new ReaderIndex(), [ada]), userIds: ["ada"], holds });
  const plain: ShardReport = { ...reportOf(new ReaderIndex(), [ada]), userIds: ["ada"] };

  it("keeps a held person off the list on every shard until the latest hold reported for them, and counts them throughout", () => {
    const merged = mergeShards([held({ ada: NOW + 5_000 }), plain, held({ ada: NOW + 7_000 })], { now: NOW });
    expect(merged.people).toEqual([]);
    expect(merged.holds).toEqual({ ada: NOW + 7_000 });
    expect(merged.online).toBe(1);
    const later = mergeShards([held({ ada: NOW + 5_000 }), plain, held({ ada: NOW + 7_000 })], { now: NOW + 7_000 });
    expect(later.people.map((p) => p.id)).toEqual(["ada"]);
    expect(later.holds).toEqual({});
  });

  it("never un-lists or re-delays a person who is listed already", () => {
    const merged = mergeShards([plain, held({ ada: NOW + 5_000 })], { now: NOW, listed: new Set(["ada"]) });
    expect(merged.people.map((p) => p.id)).toEqual(["ada"]);
    expect(merged.holds).toEqual({});
  });

  it("carries a hold for a person with no socket left, so a device they open next waits too", () => {
    const gone: ShardReport = { ...reportOf(new ReaderIndex()), holds: { ada: NOW + 5_000 } };
    expect(mergeShards([gone, plain], { now: NOW })).toMatchObject({ people: [], holds: { ada: NOW + 5_000 }, online: 1 });
  });
});

it("knows when each person was last heard from on any shard: the latest heartbeat wins", () => {
  const laptop: ShardReport = { ...reportOf(new ReaderIndex()), userIds: ["ada"], lastHeard: { ada: 1_000 } };
  const phone: ShardReport = { ...reportOf(new ReaderIndex()), userIds: ["ada"], lastHeard: { ada: 4_000 } };
  expect(mergeShards([laptop, phone]).lastHeard.get("ada")).toBe(4_000);
});

describe("diffing people", () => {
  it("sends only who changed or left, and nothing when nothing did", () => {
    const ada = { id: "ada", name: "Ada", image: null, reading: null, active: true };
    const bob = { id: "bob", name: "Bob", image: null, reading: null, active: true };
    expect(diffPeople([ada, bob], [ada, bob])).toBeNull();
    expect(diffPeople([ada, bob], [{ ...ada, reading: "a-post" }])).toEqual({
      upserts: [{ ...ada, reading: "a-post" }],
      removed: ["bob"],
    });
  });
});
