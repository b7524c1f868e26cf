import type { Connection } from "partyserver";
import type { ArticleServerMessage, SiteServerMessage } from "./protocol";

// The worker sends only through these typed helpers, so every frame matches the protocol.

export function sendSite(connection: Connection, message: SiteServerMessage): void {
  connection.send(JSON.stringify(message));
}

export function sendArticle(connection: Connection, message: ArticleServerMessage): void {
  connection.send(JSON.stringify(message));
}

export function encodeSite(message: SiteServerMessage): string {
  return JSON.stringify(message);
}

export function encodeArticle(message: ArticleServerMessage): string {
  return JSON.stringify(message);
}

/** To a socket that may have closed meanwhile: it just misses the frame (its departure is on its way). */
export function sendQuietly(connection: Connection, frame: string): void {
  try {
    connection.send(frame);
  } catch {
    // Closed.
  }
}
