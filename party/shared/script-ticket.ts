// The script tag's anonymous ticket: what the worker's GET /ticket answers a static blog's page
// (party/script-tag/ticket.ts) and what the script (packages/script-tag) accepts and keeps.
// zod-free: the browser imports it.
import { boolean, int, object, optional, type Parser, string } from "./frame-parsers";

/** Where the worker serves the script tag's script and its tickets. */
export const SCRIPT_TAG_PATHS = { script: "/embed.js", ticket: "/ticket" } as const;

/** No anonymous identifier lives longer than a day: the script asks for a new one after this long. */
export const SCRIPT_TICKET_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface ScriptTicket {
  /** A signed session id, as the app signs them (tickets.ts signSessionId). */
  sid: string;
  /** When the worker issued it (ms since the epoch): the browser drops it a day later. */
  issuedAt: number;
  /** The asker's User-Agent says it is a bot, crawler or headless browser: its sockets count nowhere. */
  watch: boolean;
  /** Tests only: this worker counts automated browsers (COUNT_AUTOMATED_BROWSERS). */
  countAutomated?: boolean;
}

export const scriptTicketParser: Parser<ScriptTicket> = object({
  sid: string({ min: 1, max: 200 }),
  issuedAt: int(1),
  watch: boolean,
  countAutomated: optional(boolean),
});
