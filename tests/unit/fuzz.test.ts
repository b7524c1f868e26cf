// Property-based fuzzing (fast-check) of what clients can send, and of the counting
// state under random sequences of connects, closes and activity changes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Appearance, ANONYMOUS } from "@/party/article/looks";
import { densityOf } from "@/party/article/room-pace";
import { RoomReaders } from "@/party/article/room-readers";
import { GUARD_LIMITS, MessageGuard } from "@/party/core/message-guard";
import { articleClientMessageSchema, MAX_FRAME_BYTES, parseFrame, siteClientMessageSchema } from "@/party/shared/protocol";
import { signCall, verifyCall } from "@/party/shared/signed-calls";
import { newSessionId, signSessionId, verifySignedSessionId } from "@/party/shared/tickets";
import { ReaderIndex } from "@/party/site/reader-index";

const SECRET = "the-presence-secret-0123456789abcdef";
const OTHER_SECRET = "another-presence-secret-0123456789ab";

/** Every string one edit away from `value`: each character changed, dropped, or one added. */
function nearMisses(value: string): string[] {
  const misses = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const other = value[i] === "A" ? "B" : "A";
    misses.add(value.slice(0, i) + other + value.slice(i + 1));
    misses.add(value.slice(0, i) + value.slice(i + 1));
  }
  misses.add(`${value}A`);
  misses.delete(value);
  return [...misses];
}

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.anything().map((value) => {
    try {
      return JSON.stringify(value) ?? "";
    } catch {
      return "";
    }
  }),
  fc.record({ type: fc.constantFrom("progress", "activity", "location", "__proto__", "constructor"), progress: fc.oneof(fc.double(), fc.string(), fc.constant(null)), active: fc.anything(), slug: fc.anything() }).map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{"__proto__":{"type":"progress","progress":0.5}}',
    '{"type":"progress","progress":NaN}',
    '{"type":"progress","progress":1e309}',
    '{"type":"progress","progress":-0.1}',
    '{"constructor":{"prototype":{"type":"activity"}}}',
    `${"[".repeat(5000)}${"]".repeat(5000)}`,
    `{"type":"progress","progress":0.5,"pad":"${"x".repeat(1_048_576)}"}`,
  ),
);

describe("client frames: anything a client sends is parsed or dropped, never thrown", () => {
  it("article frames are a valid message or null, and progress is always a finite number in [0, 1]", () => {
    fc.assert(
      fc.property(nasty, (raw) => {
        const message = parseFrame(articleClientMessageSchema, raw);
        if (message === null) return;
        expect(raw.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
        if (message.type === "progress") {
          expect(Number.isFinite(message.progress)).toBe(true);
          expect(message.progress).toBeGreaterThanOrEqual(0);
          expect(message.progress).toBeLessThanOrEqual(1);
        } else {
          expect(typeof message.active).toBe("boolean");
        }
        expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
      }),
      { numRuns: 2000 },
    );
  });

  it("site frames are a valid message or null, and a slug never carries a path", () => {
    fc.assert(
      fc.property(nasty, (raw) => {
        const message = parseFrame(siteClientMessageSchema, raw);
        if (message?.type === "location" && message.slug !== null) expect(message.slug).toMatch(/^[a-z0-9-]+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("non-string frames (binary, objects) are dropped", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array().map((bytes) => bytes.buffer), fc.object(), fc.integer()), (raw) => {
        expect(parseFrame(articleClientMessageSchema, raw)).toBeNull();
      }),
    );
  });

  it("a session id is never accepted without the right signature", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (forged) => {
        expect(await verifySignedSessionId(SECRET, forged)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("a signed session id is accepted as issued, and refused one edit away or signed with another secret", async () => {
    const id = newSessionId();
    const signed = await signSessionId(SECRET, id);
    expect(await verifySignedSessionId(SECRET, signed)).toBe(id);
    expect(await verifySignedSessionId(SECRET, await signSessionId(OTHER_SECRET, id))).toBeNull();
    for (const miss of nearMisses(signed)) expect(await verifySignedSessionId(SECRET, miss)).not.toBe(id);
  });

  it("a signed call is accepted as signed, and refused with one character of its signature, body or time changed", async () => {
    const body = '{"userId":"ada","epoch":1,"sessionId":null}';
    const now = 1_800_000_000_000;
    const signature = await signCall(SECRET, body, now);
    expect(await verifyCall(SECRET, body, String(now), signature, now)).toEqual({ ok: true });
    expect(await verifyCall(SECRET, body, String(now), await signCall(OTHER_SECRET, body, now), now)).toEqual({ ok: false, reason: "bad signature" });
    for (const miss of nearMisses(signature)) expect((await verifyCall(SECRET, body, String(now), miss, now)).ok).toBe(false);
    for (const miss of nearMisses(body).slice(0, 40)) expect((await verifyCall(SECRET, miss, String(now), signature, now)).ok).toBe(false);
    expect((await verifyCall(SECRET, body, String(now + 1), signature, now)).ok).toBe(false);
  });

  it("the message guard never lets more than its limit through per window, whatever the timing", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 500 }), (gaps) => {
        const guard = new MessageGuard();
        let now = 0;
        const accepted: number[] = [];
        for (const gap of gaps) {
          now += gap;
          const verdict = guard.admit("c", now);
          if (verdict === "accept") accepted.push(now);
          if (verdict === "close") break;
        }
        // A window that straddles two of the guard's windows can hold at most two windows' worth.
        const bound = 2 * GUARD_LIMITS.maxMessagesPerWindow;
        for (const at of accepted) expect(accepted.filter((t) => t >= at && t < at + GUARD_LIMITS.windowMs).length).toBeLessThanOrEqual(bound);
      }),
    );
  });
});

/** Random sequences of what connections do. Sessions belong to at most one person here. */
const SESSIONS = ["s1", "s2", "s3", "s4"];
const USER_OF_SESSION: Record<string, string> = { s1: "u1", s2: "u1", s3: "u2", s4: "u3" };
const operation = fc.oneof(
  fc.record({ op: fc.constant("join" as const), connection: fc.integer({ min: 0, max: 9 }), session: fc.constantFrom(...SESSIONS), signedIn: fc.boolean(), active: fc.boolean() }),
  fc.record({ op: fc.constant("leave" as const), connection: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ op: fc.constant("activity" as const), connection: fc.integer({ min: 0, max: 9 }), active: fc.boolean() }),
);

describe("counting state under random joins, leaves and activity", () => {
  it("counts each reader once: the count equals a straightforward model's, and is never negative", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const index = new ReaderIndex();
        const present = new Map<string, { session: string; signedIn: boolean }>();
        for (const step of operations) {
          const id = `c${step.connection}`;
          if (step.op === "join") {
            index.add(id, { sessionId: step.session, userId: step.signedIn ? USER_OF_SESSION[step.session]! : null });
            present.set(id, { session: step.session, signedIn: step.signedIn });
          } else if (step.op === "leave") {
            index.remove(id);
            present.delete(id);
          }
          // The model: a session with a signed-in tab belongs to its person; else it is its own reader.
          const claimed = new Set([...present.values()].filter((c) => c.signedIn).map((c) => c.session));
          const readers = new Set(
            [...present.values()].map((c) => (c.signedIn || claimed.has(c.session) ? `user:${USER_OF_SESSION[c.session]}` : `sid:${c.session}`)),
          );
          expect(index.count).toBe(readers.size);
          expect(index.count).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a room lists each reader once, active when any of their tabs is, and never lists a reader with no tab", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const room = new RoomReaders(() => null);
        const present = new Map<string, { key: string; active: boolean }>();
        for (const step of operations) {
          const id = `c${step.connection}`;
          if (step.op === "join") {
            const key = `sid:${step.session}`;
            room.join(id, { key, session: key, continues: null }, anonymous(key), { progress: 0, movedAt: 0, active: step.active }, 0, { reentry: false });
            present.set(id, { key, active: step.active });
          } else if (step.op === "leave") {
            room.leave(id);
            present.delete(id);
          } else if (present.has(id)) {
            room.setActive(id, step.active);
            present.get(id)!.active = step.active;
          }
          const shown = room.shown();
          expect(shown.map((view) => view.key).sort()).toEqual([...new Set([...present.values()].map((c) => c.key))].sort());
          for (const view of shown) {
            expect(view.active).toBe([...present.values()].some((c) => c.key === view.key && c.active));
          }
          expect(room.shownCount).toBe(shown.length);
          expect(room.count).toBe(new Set([...present.values()].map((c) => c.key)).size);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("however identities change, no diff ever removes a reader's look and adds them in a look of another kind", () => {
    const change = fc.record({
      connection: fc.integer({ min: 0, max: 5 }),
      person: fc.constantFrom("u1", "u2", "u3"),
      op: fc.constantFrom("join" as const, "reentry" as const, "hide" as const, "show" as const, "leave" as const, "tick" as const),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 150 }), (changes) => {
        let now = 0;
        // A crowd every time, with a delay of one step: the strictest case for the rule.
        const room = new RoomReaders((_others, at) => at + 1);
        const keyOfLook = new Map<string, string>();
        const look = (key: string, named: boolean): Appearance => {
          const appearance = named ? { kind: key, look: { id: `${key}-named`, label: key, color: "", image: null }, alias: null } : anonymous(key);
          keyOfLook.set(appearance.look.id, key);
          return appearance;
        };
        // Which reader each socket belongs to: a socket hides or shows as the person it is.
        const personOf = new Map<string, string>();
        for (const { connection, person, op } of changes) {
          now += 1;
          const id = `c${connection}`;
          const own = personOf.get(id);
          if (op === "join" || op === "reentry") {
            room.join(id, { key: person, session: person, continues: null }, look(person, true), { progress: 0, movedAt: now, active: true }, now, { reentry: op === "reentry" });
            personOf.set(id, person);
          } else if (op === "hide" && own) room.restate(id, look(own, false), now);
          else if (op === "show" && own) room.restate(id, look(own, true), now);
          else if (op === "leave") {
            room.leave(id);
            personOf.delete(id);
          }
          room.reveal(now);
          const diff = room.takeDiff(now);
          if (!diff) continue;
          for (const view of diff.upserts) {
            for (const gone of diff.removed.filter((appearance) => keyOfLook.get(appearance.look.id) === view.key)) {
              expect(gone.kind).toBe(view.appearance.kind);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("the crowd view, kept as readers change", () => {
  it("however readers come, go, move, hide and show, its count, density strip and named readers are those of everyone shown", () => {
    const change = fc.record({
      connection: fc.integer({ min: 0, max: 7 }),
      person: fc.constantFrom("u1", "u2", "u3", "s1", "s2"),
      op: fc.constantFrom("join" as const, "reentry" as const, "move" as const, "hide" as const, "show" as const, "leave" as const, "tick" as const),
      progress: fc.oneof(fc.constantFrom(0, 0.05, 0.5, 0.95, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 150 }), (changes) => {
        let now = 0;
        const room = new RoomReaders((others, at) => (others >= 2 ? at + 2 : null));
        const named = (key: string): Appearance => ({ kind: key, look: { id: `${key}-named`, label: key, color: "", image: null }, alias: null });
        const personOf = new Map<string, string>();
        for (const { connection, person, op, progress } of changes) {
          now += 1;
          const id = `c${connection}`;
          const own = personOf.get(id);
          if (op === "join" || op === "reentry") {
            const look = person.startsWith("u") ? named(person) : anonymous(person);
            room.join(id, { key: person, session: person, continues: null }, look, { progress, movedAt: now, active: true }, now, { reentry: op === "reentry" });
            personOf.set(id, person);
          } else if (op === "move") room.move(id, progress, now);
          else if (op === "hide" && own) room.restate(id, anonymous(own), now);
          else if (op === "show" && own?.startsWith("u")) room.restate(id, named(own), now);
          else if (op === "leave") {
            room.leave(id, now);
            personOf.delete(id);
          } else if (op === "tick") {
            room.reveal(now);
            room.takeDiff(now);
          }
          const shown = room.shown();
          const crowd = room.crowdView();
          // Everyone reading is counted, shown or waiting to be shown again.
          expect(crowd.count).toBe(new Set(personOf.values()).size);
          expect(crowd.density).toEqual(densityOf(shown.map((view) => view.progress)));
          expect(crowd.named.map((view) => view.key)).toEqual(shown.filter((view) => view.appearance.kind !== ANONYMOUS).map((view) => view.key));
        }
      }),
      { numRuns: 500 },
    );
  });
});

let anonymousLooks = 0;
function anonymous(key: string): Appearance {
  return { kind: ANONYMOUS, look: { id: `${key}-anon-${anonymousLooks++}`, label: "Quiet Otter", color: "", image: null }, alias: null };
}
