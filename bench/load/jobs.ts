// What the benchmark asks of the load generator and what it answers, over Node's IPC
// channel. Both sides validate what they receive, as the app and the worker do.
import { z } from "zod";

export const targetSchema = z.object({
  kind: z.enum(["worker", "baseline"]),
  url: z.string(),
  /** Server processes whose CPU time the generator samples around a measured phase. */
  serverPids: z.array(z.number().int()),
});
export type TargetSpec = z.infer<typeof targetSchema>;

export const jobSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("join-storm"),
    target: targetSchema,
    sockets: z.number().int().positive(),
    concurrency: z.number().int().positive(),
    /** How long the sockets may take to open, and then how long the counts may take to settle. */
    joinTimeoutMs: z.number().int().positive(),
    convergeTimeoutMs: z.number().int().positive(),
  }),
  z.object({
    type: z.literal("room-scroll"),
    target: targetSchema,
    room: z.string(),
    readers: z.number().int().positive(),
    /** Readers (the first to join) who are signed in and shown by name: the crowd view's faces. */
    named: z.number().int().nonnegative(),
    /** Readers send at the pace the room asks for (the worker's client), or at every step (the baseline's). */
    paced: z.boolean(),
    /** How often each reader scrolls a step down the post. */
    stepsPerSecond: z.number().positive(),
    /** How long they scroll: at least this, and long enough for every reader to send `sendsPerReader` times at the room's pace. */
    seconds: z.number().positive(),
    sendsPerReader: z.number().int().positive(),
    joinConcurrency: z.number().int().positive(),
    /** Past these, the design is taken not to keep up: seating every reader, then delivering after the last update. */
    joinTimeoutMs: z.number().int().positive(),
    drainTimeoutMs: z.number().int().positive(),
  }),
  z.object({
    type: z.literal("idle-hold"),
    target: targetSchema,
    /** Open sockets up to each of these totals in turn, holding them at each step until released. */
    steps: z.array(z.number().int().positive()).min(1),
    concurrency: z.number().int().positive(),
  }),
]);
export type Job = z.infer<typeof jobSchema>;

/** CPU use during a measured phase, and time spent waiting for a core, as shares of one core (1 = all the time). */
export const cpuSchema = z.object({
  generator: z.number(),
  server: z.number(),
  generatorWaiting: z.number(),
  serverWaiting: z.number(),
  seconds: z.number(),
});

export const joinStormResultSchema = z.object({
  sockets: z.number(),
  opened: z.number(),
  failed: z.number(),
  joinSeconds: z.number(),
  converged: z.boolean(),
  /** From the last socket's open to every socket having seen the final count (or to the time-out). */
  convergeMs: z.number(),
  /** Sockets that had seen the final count when the storm ended. */
  sawFinal: z.number(),
  /** The lowest and highest count that sockets had last been told when the storm ended (-1: told nothing). */
  lowestCount: z.number(),
  highestCount: z.number(),
  messages: z.number(),
  bytes: z.number(),
  cpu: cpuSchema,
});
export type JoinStormResult = z.infer<typeof joinStormResultSchema>;

export const roomScrollResultSchema = z.object({
  readers: z.number(),
  named: z.number(),
  /** Readers seated, and how long seating them all took. */
  joined: z.number(),
  joinSeconds: z.number(),
  /** Why the run did not finish (the design did not keep up), or null. */
  stopped: z.string().nullable(),
  /** The worker showed the crowd view (a density strip and a few faces) rather than a marker per reader. */
  crowd: z.boolean(),
  /** The pace the room asked its readers for (null: the baseline asks for none). */
  sendEveryMs: z.number().nullable(),
  updatesSent: z.number(),
  scrollSeconds: z.number(),
  /**
   * Messages into the busiest of the room's objects (the baseline: its process): the mean, and the
   * busiest whole second. The room's own object counts its relays' reports too (at most their
   * report rate each), besides its readers' progress.
   */
  inboundPerSecond: z.number(),
  inboundPeakPerSecond: z.number(),
  /** The objects the room's sockets sat in: the room's own and its relays (1 for the baseline). */
  objects: z.number().default(1),
  /** From the first update until the last frame the updates caused arrived. */
  deliverySeconds: z.number(),
  messages: z.number(),
  bytes: z.number(),
  /** Updates that reached another reader (each receiver counted), and the most possible. */
  delivered: z.number(),
  deliverable: z.number(),
  /** Delays measured (values that arrived as themselves: rail markers, faces, the baseline's relays). */
  samples: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  /** Readers whose last count was the room's size, and whose last view matched what everyone last sent. */
  countsExact: z.number(),
  viewsExact: z.number(),
  /** Readers whose socket the server side closed during the run. */
  dropped: z.number(),
  cpu: cpuSchema,
  /** The generator's own event-loop delay, p99: high means the generator, not the server, was the bottleneck. */
  generatorLoopP99Ms: z.number(),
});
export type RoomScrollResult = z.infer<typeof roomScrollResultSchema>;

export const generatorMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("join-storm-result"), result: joinStormResultSchema }),
  z.object({ type: z.literal("room-scroll-result"), result: roomScrollResultSchema }),
  /** idle-hold: a step's sockets are open and quiet; the generator holds them until released (then goes on to the next step). */
  z.object({ type: z.literal("holding"), step: z.number(), last: z.boolean(), opened: z.number(), failed: z.number() }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type GeneratorMessage = z.infer<typeof generatorMessageSchema>;

export const RELEASE = "release";
