import { NextRequest } from "next/server";
import { BodyTooLargeError, readLimitedText } from "@/party/shared/limited-body";

/** The largest body an Auth.js POST needs: a CSRF token, a callback URL, a demo name. */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;

/**
 * A route handler whose body is read with a limit while it streams (Content-Length first), so a
 * handler that reads bodies whole (Auth.js does, before it checks anything) never sees an
 * oversized one: 413 instead, after at most `maxBytes` were read.
 */
export function withBodyLimit(handler: (request: NextRequest) => Promise<Response>, maxBytes: number): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    let body: string;
    try {
      body = await readLimitedText(request, maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return Response.json({ error: `request body too large (at most ${maxBytes} bytes)` }, { status: 413 });
      return Response.json({ error: "could not read the body" }, { status: 400 });
    }
    const headers = new Headers(request.headers);
    headers.delete("content-length");
    headers.delete("transfer-encoding");
    return handler(new NextRequest(request.url, { method: request.method, headers, body }));
  };
}
