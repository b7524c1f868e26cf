// Calls between the app and the worker, signed with the shared PRESENCE_SECRET: an HMAC over
// `<timestamp>.<body>` (for GETs, over method and path), refused when older than a minute.
import * as z from "zod/mini";
import { authorStatusSchema } from "./protocol";
import { hmac, verifyHmac } from "./signing";

export const SIGNATURE_HEADER = "x-presence-signature";
export const TIMESTAMP_HEADER = "x-presence-timestamp";
/** Signed calls older than this (or this far in the future) are refused as replays. */
export const SIGNED_CALL_MAX_AGE_MS = 60_000;

export function signCall(secret: string, body: string, timestampMs: number): Promise<string> {
  return hmac(secret, `${timestampMs}.${body}`);
}

export type CallVerdict = { ok: true } | { ok: false; reason: "missing timestamp" | "stale timestamp" | "missing signature" | "bad signature" };

export async function verifyCall(
  secret: string,
  body: string,
  timestampHeader: string | null,
  signatureHeader: string | null,
  nowMs: number,
): Promise<CallVerdict> {
  const timestamp = Number(timestampHeader);
  if (!timestampHeader || !Number.isSafeInteger(timestamp)) return { ok: false, reason: "missing timestamp" };
  if (Math.abs(nowMs - timestamp) > SIGNED_CALL_MAX_AGE_MS) return { ok: false, reason: "stale timestamp" };
  if (!signatureHeader) return { ok: false, reason: "missing signature" };
  return (await verifyHmac(secret, `${timestamp}.${body}`, signatureHeader)) ? { ok: true } : { ok: false, reason: "bad signature" };
}

/** What a signed GET call signs in place of a body: its method and path. */
export const signedGetPayload = (path: string) => `GET ${path}`;

/** The worker's internal (signed) calls, made by the app. */
export const INTERNAL_PATHS = {
  identityChanged: "/internal/identity-changed",
  people: "/internal/people",
  totals: "/internal/totals",
  statusStream: "/internal/status-stream",
  /** GET: the desk as the lobby sees it now (first paint); POST: the author's status. */
  desk: "/internal/desk",
  authorStatus: "/internal/author-status",
} as const;

/**
 * POST /internal/identity-changed: a person hid or showed themself (their privacy epoch grew to
 * `epoch`), or signed out of the browser whose session is `sessionId`. Their older tokens are
 * withdrawn, and their sockets fetch new tickets.
 */
export const identityChangedSchema = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(200)),
  epoch: z.int().check(z.gte(0)),
  sessionId: z.nullable(z.string().check(z.maxLength(64))),
});
export type IdentityChanged = z.infer<typeof identityChangedSchema>;

/** POST /internal/author-status: what the header says of the author, until it expires; null clears it. */
export const authorStatusCallSchema = z.object({ status: z.nullable(authorStatusSchema) });

// ---- last-seen reports from the worker to the app ----

export const LAST_SEEN_PATH = "/api/presence/last-seen";

export const lastSeenBatchSchema = z.object({
  batchId: z.string().check(z.minLength(1), z.maxLength(100)),
  entries: z
    .array(z.object({ userId: z.string().check(z.minLength(1), z.maxLength(200)), seenAt: z.int().check(z.positive()) }))
    .check(z.minLength(1), z.maxLength(500)),
});
export type LastSeenBatch = z.infer<typeof lastSeenBatchSchema>;
