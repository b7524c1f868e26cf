// Property-based fuzzing (fast-check) of what clients can send, and of the counting
// state under random sequences of connects, closes and activity changes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MessageGuard } from "@/party/message-guard";
import { PresenceGroups } from "@/party/presence-groups";
import {
  articleClientMessageSchema,
  MAX_FRAME_BYTES,
  parseFrame,
  siteClientMessageSchema,
  verifySignedSessionId,
} from "@/party/protocol";
import { ReaderIndex } from "@/party/reader-index";

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
        expect(await verifySignedSessionId("the-presence-secret-0123456789abcdef", forged)).toBeNull();
      }),
      { numRuns: 300 },
    );
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
        for (const at of accepted) expect(accepted.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(24);
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
        const room = new PresenceGroups<number>();
        const present = new Map<string, { key: string; active: boolean }>();
        for (const step of operations) {
          const id = `c${step.connection}`;
          if (step.op === "join") {
            const key = `sid:${step.session}`;
            room.join(id, { key, id: key, label: step.session, color: "red", image: null }, 0, 0, step.active);
            present.set(id, { key, active: step.active });
          } else if (step.op === "leave") {
            room.leave(id);
            present.delete(id);
          } else if (present.has(id)) {
            room.setActive(id, step.active);
            present.get(id)!.active = step.active;
          }
          const snapshot = room.snapshot();
          const keys = new Set([...present.values()].map((c) => c.key));
          expect(snapshot.map((entry) => entry.identity.id).sort()).toEqual([...keys].sort());
          for (const entry of snapshot) {
            const anyActive = [...present.values()].some((c) => c.key === entry.identity.key && c.active);
            expect(entry.active).toBe(anyActive);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
