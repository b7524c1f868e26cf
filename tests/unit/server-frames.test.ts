// The browser's zod-free frame checks (server-frames.ts) against the zod schemas they mirror:
// for valid frames, frames with any one part changed or dropped, and raw junk, both accept
// the same frames and return the same values (defaults filled, unknown keys stripped).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Parser } from "@/party/shared/frame-parsers";
import {
  articleServerMessageSchema,
  deskServerMessageSchema,
  parseFrame,
  presenceTicketSchema,
  siteServerMessageSchema,
} from "@/party/shared/protocol";
import { checkServerData, readServerFrame, SERVER_FRAMES } from "@/party/shared/server-frames";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Schema {
  safeParse: (data: unknown) => { success: boolean; data?: unknown };
}

const reader = { id: "r1", label: "Quiet Otter", color: "#aa3355", image: null, progress: 0.4, active: true };
const named = { id: "u1", label: "Ada", color: "#123456", image: "https://example.com/a.png", progress: 1, active: false };
const person = { id: "u1", name: "Ada", image: null, reading: "how-live-presence-works", active: true };
const author = { kind: "writing", text: "is writing", emoji: "✍️", until: 1_800_000_000_000 };
const peak = { count: 12, at: 1_700_000_000_000 };
const log = { at: 1_700_000_000_000, kind: "reading", who: "Quiet Otter", named: false, post: "counting-readers-exactly" };

const CASES: { name: string; schema: Schema; parse: Parser<unknown>; examples: Json[] }[] = [
  {
    name: "site",
    schema: siteServerMessageSchema,
    parse: SERVER_FRAMES.site,
    examples: [
      { type: "site-snapshot", online: 3, active: 2, reading: { "how-live-presence-works": 2 }, people: [person], author, record: peak },
      { type: "site-snapshot", online: 0, active: 0, reading: {}, people: null },
      { type: "online", online: 5, active: 1 },
      { type: "author", author: null },
      { type: "author", author: { ...author, emoji: null, kind: "custom" } },
      { type: "record", record: peak },
      { type: "reading", reading: { a: 1, "b-2": 0 } },
      { type: "people-diff", upserts: [person, { ...person, id: "u2", reading: null }], removed: ["u3"] },
      { type: "identity-stale" },
      { type: "listing-hold", listedInMs: 12_345 },
      { type: "listing-hold", listedInMs: 0 },
    ],
  },
  {
    name: "article",
    schema: articleServerMessageSchema,
    parse: SERVER_FRAMES.article,
    examples: [
      { type: "room-snapshot", mode: "rail", you: "r1", counted: false, count: 2, sendEveryMs: 250, readers: [reader, named], density: [] },
      { type: "room-snapshot", mode: "crowd", you: null, count: 1200, sendEveryMs: 2000, readers: [named], density: [10, 0, 300] },
      { type: "room-diff", upserts: [reader], moved: { r2: 0.5, r3: 0 }, removed: ["r4"], count: 3, sendEveryMs: 500 },
      { type: "room-diff", upserts: [], removed: [], count: 0 },
      { type: "room-crowd", count: 1500, sendEveryMs: 4000, density: [1, 2, 3], faces: [named] },
      { type: "room-moved", seat: 1 },
      { type: "room-moved", seat: 63 },
    ],
  },
  {
    name: "desk",
    schema: deskServerMessageSchema,
    parse: SERVER_FRAMES.desk,
    examples: [
      { type: "desk-snapshot", online: 2, active: 1, reading: { x: 1 }, today: peak, record: null, minutes: [{ at: 1, online: 2 }], log: [log], author },
      { type: "desk-update", online: 2, active: 2, reading: {}, today: null, record: peak, minute: { at: -5, online: 0 }, log: [{ ...log, kind: "left", post: null, named: true }] },
    ],
  },
  {
    name: "ticket",
    schema: presenceTicketSchema,
    parse: SERVER_FRAMES.ticket,
    examples: [
      { sid: "abc.def", token: null },
      { sid: "abc.def", token: "jwt", continues: "old.sig", renewIn: 72_000, countAutomated: true },
      { sid: "abc.def", token: "jwt", continues: null },
    ],
  },
];

/** Values at and around the protocol's limits, and of every JSON kind. */
const edgeValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(-1, 0, 0.5, 1, 1.0001, 2, 63, 64, 2 ** 53, -(2 ** 53), 1e308, "", "x", "x".repeat(17), "x".repeat(80), "x".repeat(81), "x".repeat(201), "x".repeat(4001)),
  fc.constantFrom<Json>("Bad Slug", "a--b", "how-live-presence-works", "x".repeat(121), null, true, false, [], {}, [1], { type: "online" }),
  fc.constantFrom<Json>("writing", "custom", "rail", "crowd", "arrived", "site-snapshot", "room-diff", "desk-update", "__proto__", "constructor"),
  fc.jsonValue() as fc.Arbitrary<Json>,
);

/** Every path into a JSON value: its keys and indexes, all the way down. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, Json>)[key]!, [...prefix, key]))];
}

/** A copy of `value` with the part at `path` replaced, or removed when `replacement` is undefined. */
function changed(value: Json, path: (string | number)[], replacement: Json | undefined): Json | undefined {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (replacement !== undefined) parent[last] = replacement;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

function expectAgreement(schema: Schema, parse: Parser<unknown>, data: unknown) {
  const zod = schema.safeParse(data);
  const mirror = checkServerData(parse, data);
  if (zod.success) expect(mirror).toStrictEqual(zod.data);
  else expect(mirror).toBeNull();
}

describe("the browser's frame checks agree with the protocol's zod schemas", () => {
  for (const { name, schema, parse, examples } of CASES) {
    it(`${name}: every example frame is accepted, with the same value`, () => {
      for (const example of examples) {
        expect(schema.safeParse(example).success).toBe(true);
        expectAgreement(schema, parse, example);
      }
    });

    it(`${name}: a frame with any one part changed, dropped or added is judged the same`, () => {
      const mutation = fc
        .constantFrom(...examples)
        .chain((example) => fc.tuple(fc.constant(example), fc.constantFrom(...paths(example)), fc.option(edgeValue, { nil: undefined }), fc.string()));
      fc.assert(
        fc.property(mutation, ([example, path, replacement, extraKey]) => {
          expectAgreement(schema, parse, changed(example, path, replacement));
          // An unknown key anywhere is stripped by both.
          if (example && typeof example === "object" && !Array.isArray(example)) expectAgreement(schema, parse, { ...example, [extraKey]: replacement ?? 1 });
        }),
        { numRuns: 2000 },
      );
    });
  }

  it("raw frames: junk, non-JSON and JSON of any shape are dropped or read the same", () => {
    const raw = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.constantFrom("", "{", "null", "[]", '{"type":"online","online":1e999,"active":0}', '{"type":"online","online":1,"active":0,"__proto__":{"x":1}}'),
    );
    fc.assert(
      fc.property(raw, (frame) => {
        for (const { schema, parse } of CASES) {
          expect(readServerFrame(parse, frame)).toStrictEqual(parseFrame(schema as never, frame, Number.POSITIVE_INFINITY));
        }
      }),
      { numRuns: 2000 },
    );
    expect(readServerFrame(SERVER_FRAMES.site, 42)).toBeNull();
  });
});
