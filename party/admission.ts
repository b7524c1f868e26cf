import type { Connection } from "partyserver";
import { identityFrom, type VerifiedIdentity } from "./authenticate";
import type { Departures } from "./departures";
import { CLOSE_CODES } from "./message-guard";
import type { SessionQuota } from "./session-quota";

/**
 * What every presence object does first with a new socket. It needs the identity the worker's
 * entry verified (none: closed with 4400) and a slot in its browser session's quota (none
 * left: closed with 4430). A socket back under its old id (PartySocket reuses them) also
 * cancels the departure it left pending: it never left. Returns the identity, or null.
 */
export function admit(
  connection: Connection,
  request: Request,
  { departures, quota }: { departures: Departures; quota: SessionQuota },
): VerifiedIdentity | null {
  const identity = identityFrom(request);
  if (!identity) {
    connection.close(CLOSE_CODES.invalidSession, "unidentified connection");
    return null;
  }
  departures.cancel(connection.id);
  if (!quota.take(connection.id, identity.sessionId)) {
    connection.close(CLOSE_CODES.tooManyConnections, "too many connections from one browser");
    return null;
  }
  return identity;
}
