// HMAC-SHA256 signatures in base64url: session ids, and the signed calls between app and
// worker. Verification uses the platform's `crypto.subtle.verify`, which compares in
// constant time; the app (Node) and the worker (workerd) run the same code.
import { base64url } from "jose";

const encoder = new TextEncoder();

async function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

export async function hmac(secret: string, message: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(message))));
}

/** Whether `signature` (base64url) is the HMAC of `message`; malformed signatures are simply wrong. */
export async function verifyHmac(secret: string, message: string, signature: string): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    bytes = base64url.decode(signature);
  } catch {
    return false;
  }
  return crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), new Uint8Array(bytes), encoder.encode(message));
}
