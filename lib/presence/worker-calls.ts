import "server-only";
import { env, presenceSecret } from "@/lib/env";
import { SIGNATURE_HEADER, signCall, signedGetPayload, TIMESTAMP_HEADER } from "@/party/shared/signed-calls";

// Signed calls from the app to the presence worker's /internal/* endpoints: an HMAC with the
// shared PRESENCE_SECRET over the timestamp and the body (for GETs, over the method and path),
// so the worker refuses anyone else and replays older than a minute.

async function signedHeaders(payload: string): Promise<Record<string, string>> {
  const now = Date.now();
  return { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(presenceSecret(), payload, now) };
}

export async function postToWorker(path: string, body: string, timeoutMs = 2000): Promise<Response> {
  return fetch(new URL(path, env.PRESENCE_URL), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(await signedHeaders(body)) },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** `signal` bounds the call; streams pass the caller's own (it ends when the client goes away). */
export async function getFromWorker(path: string, signal: AbortSignal = AbortSignal.timeout(2000)): Promise<Response> {
  return fetch(new URL(path, env.PRESENCE_URL), { headers: await signedHeaders(signedGetPayload(path)), signal, cache: "no-store" });
}
