import type { Connection } from "partyserver";
import { diffPeople, EMPTY_VIEW, readingOf, type SiteView } from "../lobby/site-view";
import type { SiteServerMessage } from "../shared/protocol";

interface Host {
  getConnection(id: string): Connection | undefined;
  getConnections(): Iterable<Connection>;
  /** The site a socket's page is on (party/config/sites.ts): it hears that site's "reading now" only. */
  siteOf(connection: Connection): string;
}

/**
 * What a shard's sockets have been told of the site's view, and the telling: a snapshot for
 * a new socket once the lobby has counted it, then only what changed, and the online list
 * only to those the owner lets see it.
 */
export class ShardSockets {
  /** The site's merged view as this shard's sockets last received it. */
  view: SiteView = EMPTY_VIEW;
  private readonly awaiting = new Set<string>();

  constructor(
    private readonly host: Host & { signedInConnections(): Iterable<Connection> },
    private readonly audience: "public" | "signed-in",
  ) {}

  /** After a wake-up: what the sockets last saw, so only real changes are sent. */
  adoptStoredView(view: SiteView): void {
    this.view = view;
  }

  /** From now on this socket gets no update before its snapshot. */
  awaitSnapshot(connectionId: string): void {
    this.awaiting.add(connectionId);
  }

  forget(connectionId: string): void {
    this.awaiting.delete(connectionId);
  }

  get awaitingSnapshots(): boolean {
    return this.awaiting.size > 0;
  }

  waitingForSnapshot(): string[] {
    return [...this.awaiting];
  }

  /** Takes a newer view and sends every socket (but those awaiting a snapshot) what changed; false for an old one. */
  adopt(view: SiteView): boolean {
    if (view.version <= this.view.version) return false;
    const before = this.view;
    this.view = view;
    const waiting = (connection: Connection) => this.awaiting.has(connection.id);
    if (view.online !== before.online || view.active !== before.active) {
      this.sendAll({ type: "online", online: view.online, active: view.active }, waiting);
    }
    this.sendReading(before, view, waiting);
    if (JSON.stringify(view.author) !== JSON.stringify(before.author ?? null)) this.sendAll({ type: "author", author: view.author }, waiting);
    if (view.record && (view.record.count !== before.record?.count || view.record.at !== before.record.at)) {
      this.sendAll({ type: "record", record: view.record }, waiting);
    }
    const peopleDiff = diffPeople(before.people, view.people);
    if (peopleDiff) {
      const frame = encode({ type: "people-diff", ...peopleDiff });
      for (const connection of this.listViewers()) if (!waiting(connection)) sendQuietly(connection, frame);
    }
    return true;
  }

  sendSnapshots(connectionIds: string[]): void {
    const listViewers = new Set([...this.listViewers()].map((connection) => connection.id));
    for (const connectionId of connectionIds) {
      this.awaiting.delete(connectionId);
      const connection = this.host.getConnection(connectionId);
      if (!connection) continue;
      const { online, active, people, author = null, record = null } = this.view;
      const reading = readingOf(this.view, this.host.siteOf(connection));
      const visiblePeople = listViewers.has(connectionId) ? people : null;
      sendQuietly(connection, encode({ type: "site-snapshot", online, active, reading, people: visiblePeople, author, record }));
    }
  }

  /**
   * Tells a person's own sockets when others' lists will show them (`until`; 0: they do now).
   * One still waiting for its snapshot hears it right after that.
   */
  tellListing(connections: Iterable<Connection>, until: number, now: number): void {
    const frame = encode({ type: "listing-hold", listedInMs: until > now ? until - now : 0 });
    for (const connection of connections) if (!this.awaiting.has(connection.id)) sendQuietly(connection, frame);
  }

  /** Tells sockets to fetch a new ticket and reconnect; returns how many were told. */
  tellIdentityStale(connections: Iterable<Connection>): number {
    let told = 0;
    const frame = encode({ type: "identity-stale" });
    for (const connection of connections) {
      sendQuietly(connection, frame);
      told++;
    }
    return told;
  }

  private listViewers(): Iterable<Connection> {
    return this.audience === "public" ? this.host.getConnections() : this.host.signedInConnections();
  }

  /** Each site's sockets hear its "reading now" when that site's counts changed. */
  private sendReading(before: SiteView, view: SiteView, skip: (connection: Connection) => boolean): void {
    const frames = new Map<string, string | null>();
    for (const connection of this.host.getConnections()) {
      if (skip(connection)) continue;
      const site = this.host.siteOf(connection);
      if (!frames.has(site)) {
        const reading = readingOf(view, site);
        frames.set(site, sameCounts(reading, readingOf(before, site)) ? null : encode({ type: "reading", reading }));
      }
      const frame = frames.get(site);
      if (frame) sendQuietly(connection, frame);
    }
  }

  private sendAll(message: SiteServerMessage, skip: (connection: Connection) => boolean): void {
    const frame = encode(message);
    for (const connection of this.host.getConnections()) if (!skip(connection)) sendQuietly(connection, frame);
  }
}

/** The worker sends only through these, so every frame matches the protocol. */
const encode = (message: SiteServerMessage) => JSON.stringify(message);

/** To a socket that may have closed meanwhile: it just misses the frame (its departure is on its way). */
export function sendQuietly(connection: Connection, frame: string): void {
  try {
    connection.send(frame);
  } catch {
    // Closed.
  }
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const aKeys = Object.keys(a);
  return aKeys.length === Object.keys(b).length && aKeys.every((slug) => a[slug] === b[slug]);
}
