import type { Connection } from "partyserver";
import { isKnownPostOf, isPostOf } from "../catalog/site-posts";
import { armAlarm } from "../core/alarms";
import { identityFrom, siteFrom, type VerifiedIdentity } from "../core/identity";
import { type Admission, type PresenceState, PresenceServer } from "../core/presence-server";
import { randomDelayMs } from "../core/random";
import { ReportLink } from "../core/report-link";
import { REPORT_RETRY_MS, SHARD_REPORT_WINDOW_MS } from "../core/timing";
import { lobbyOf } from "../lobby/address";
import { EMPTY_VIEW, readingOf, type ShardReport, type SiteView } from "../lobby/site-view";
import { SOCKET_QUERY, type SiteClientMessage, siteClientMessageSchema, type SiteSummary } from "../shared/protocol";
import { ListingHolds } from "./listing-holds";
import { People } from "./people";
import { ReaderIndex, userKey } from "./reader-index";
import { type Lease, RoomLeases } from "./room-leases";
import { type LogSubject, ShardLog } from "./shard-log";
import { ShardSockets } from "./shard-sockets";

/** What a site socket is, beyond what every presence socket is. */
export interface SiteState extends PresenceState {
  /** The post the tab shows. */
  location: string | null;
  /**
   * After a re-entry (see docs/security.md) the online list doesn't say where the person is
   * until their tab moves on: the post they were on when they signed in or showed themself is
   * the one place others could tie their anonymous reading to them.
   */
  locationShown: boolean;
  /** That post, once the tab has said it. */
  reentryLocation?: string | null;
  /** The site the tab's page is on, as the entry said (party/config/sites.ts); absent in sockets from before sites. */
  site?: string;
}

// Persisted so a woken shard still knows what its clients last saw and sends only real changes.
const VIEW_STORAGE_KEY = "view";

/**
 * One shard of site presence: the sockets of the browser sessions that hash here. It counts
 * its own readers (one per person or browser session), keeps which visible people are here
 * and where, and reports both to the lobby. The lobby merges every shard's report into the
 * site's view (totals, people online, "reading now" counts) and pushes it back; the shard
 * sends its sockets what changed (ShardSockets).
 */
export class Site extends PresenceServer<SiteState, SiteClientMessage> {
  protected readonly kind = "site";
  protected readonly messageSchema = siteClientMessageSchema;

  private readonly readers = new ReaderIndex();
  /** The same counting rules over active sockets only: readers with an active tab. */
  private readonly activeReaders = new ReaderIndex();
  private readonly people = new People();
  private readonly log = new ShardLog();
  private readonly sockets = new ShardSockets(
    {
      getConnection: (id) => this.getConnection(id),
      getConnections: () => this.getConnections(),
      signedInConnections: () => this.signedInConnections(),
      siteOf: (connection) => (connection.state as SiteState | null)?.site ?? this.settings.homeSite.id,
    },
    this.settings.onlineListAudience,
  );
  private readonly lobbyLink = new ReportLink(SHARD_REPORT_WINDOW_MS, () => this.reportToLobby());
  private readonly roomLeases = new RoomLeases(this.settings.roomsPerSession);
  /** Whether the lobby knows this shard has readers, and so pushes it every new view. */
  private receivingViews = false;
  /** Signed-in people whose last socket here closed since the last report, and when. */
  private readonly departedUsers = new Map<string, number>();
  /** Location messages per socket, so a slow check of an older one never overrides a newer one. */
  private readonly locationsAsked = new Map<string, number>();
  /** People who re-entered here while unlisted, held off others' lists until a moment (one per person). */
  private readonly holds = new ListingHolds(this.ctx.storage);
  /** The hold each person's sockets here were last told of (a change is told once). */
  private readonly toldHolds = new Map<string, number>();

  async onStart(): Promise<void> {
    // Before the sockets are counted again: what they may show of their person depends on it.
    await this.holds.load(Date.now());
    await super.onStart();
  }

  protected async admit(_connection: Connection<SiteState>, identity: VerifiedIdentity, request: Request): Promise<Admission<SiteState>> {
    const now = Date.now();
    const reentry = new URL(request.url).searchParams.get(SOCKET_QUERY.reentry) === "1";
    const user = identity.user;
    // A person listed already gains nothing by waiting (others know they are online), and one
    // held already keeps the moment they have: every tab and device waits for the same one.
    if (reentry && user?.visible === true && this.heldUntil(user.id, now) === 0 && !this.isListed(user.id, now)) {
      const until = now + randomDelayMs(this.settings.reentry);
      await this.holds.hold(user.id, until);
      await armAlarm(this.ctx.storage, until);
    }
    const site = siteFrom(request) ?? this.settings.homeSite.id;
    return { identity, connectedAt: now, active: true, reentry, location: null, locationShown: !reentry, site };
  }

  protected count(connectionId: string, state: SiteState, rebuilding: boolean): void {
    const { identity } = state;
    // A bot or an owner who chose not to count: it gets the figures, and is in none of them.
    if (!identity.counted) return;
    const owner = { sessionId: identity.sessionId, userId: identity.user?.id ?? null, continues: identity.continues };
    // Rebuilt after a wake-up, a reader was here all along: no arrival for the owner's log.
    if (this.readers.add(connectionId, owner) && !rebuilding) this.log.arrived(this.subjectOf(connectionId, state), Date.now());
    if (state.active) this.activeReaders.add(connectionId, owner);
    if (identity.user) this.departedUsers.delete(identity.user.id);
    this.list(connectionId, state);
  }

  protected uncount(connectionId: string, state: SiteState, at: number): void {
    this.sockets.forget(connectionId);
    this.locationsAsked.delete(connectionId);
    if (!state.identity.counted) return;
    const key = this.readers.keyOf(connectionId);
    const subject = this.subjectOf(connectionId, state);
    if (this.readers.remove(connectionId) && key) this.log.left(key, subject, at);
    this.activeReaders.remove(connectionId);
    this.people.leave(connectionId);
    const userId = state.identity.user?.id;
    if (userId !== undefined && !this.readers.has(userKey(userId))) this.departedUsers.set(userId, at);
    // A browser gone from the site has no posts open either, whatever a lost release says.
    if (!this.readers.hasSession(state.identity.sessionId)) this.roomLeases.dropSession(state.identity.sessionId);
    this.lobbyLink.soon();
  }

  protected restate(connectionId: string, _before: SiteState, after: SiteState): void {
    this.people.leave(connectionId);
    this.list(connectionId, after);
    this.lobbyLink.soon();
  }

  protected receive(connection: Connection<SiteState>, state: SiteState, message: SiteClientMessage, now: number): void {
    if (message.type === "activity") {
      connection.setState({ ...state, active: message.active });
      // A socket that counts nowhere is no active reader either.
      if (!state.identity.counted) return;
      const owner = { sessionId: state.identity.sessionId, userId: state.identity.user?.id ?? null, continues: state.identity.continues };
      const counted = message.active ? this.activeReaders.add(connection.id, owner) : this.activeReaders.remove(connection.id);
      if (this.people.setActive(connection.id, message.active) || counted) this.lobbyLink.soon();
      return;
    }
    // A post the tab's site doesn't have is nowhere the online list could point to: asked of the
    // site's catalog when this isolate doesn't know it yet; a newer location wins over the answer.
    const asked = (this.locationsAsked.get(connection.id) ?? 0) + 1;
    this.locationsAsked.set(connection.id, asked);
    const site = this.settings.sites.find((candidate) => candidate.id === state.site) ?? this.settings.homeSite;
    if (message.slug === null || isKnownPostOf(site, message.slug)) return this.moveTo(connection.id, message.slug, now);
    const slug = message.slug;
    isPostOf(this.env, site, slug)
      .catch(() => false)
      .then((isPost) => {
        if (this.locationsAsked.get(connection.id) === asked) this.moveTo(connection.id, isPost ? slug : null, Date.now());
      });
  }

  private moveTo(connectionId: string, slug: string | null, now: number): void {
    const connection = this.getConnection<SiteState>(connectionId);
    const state = connection?.state as SiteState | null | undefined;
    if (!connection || !state || !this.isCounted(connectionId)) return;
    const next = withLocation(state, slug);
    connection.setState(next);
    const key = this.readers.keyOf(connection.id);
    const logged = key !== undefined && next.locationShown && this.log.reading(key, this.subjectOf(connection.id, next), next.location, now);
    if (this.people.move(connection.id, next.locationShown ? next.location : null, now) || logged) this.lobbyLink.soon();
  }

  protected welcome(connection: Connection<SiteState>): void {
    // The snapshot waits until the lobby has counted this socket, so it already includes it.
    this.sockets.awaitSnapshot(connection.id);
    this.lobbyLink.soon();
  }

  protected async started(): Promise<void> {
    this.sockets.adoptStoredView((await this.ctx.storage.get<SiteView>(VIEW_STORAGE_KEY)) ?? EMPTY_VIEW);
    // Woken (or restarted): the lobby hears this shard's readers as they are now.
    this.lobbyLink.soon();
  }

  protected async swept(now: number): Promise<void> {
    // A passed hold leaves this shard's report (the lobby has listed its person by its own alarm).
    if (await this.holds.expire(now)) this.lobbyLink.soon();
    const reportDue = this.receivingViews && this.lobbyLink.reminderDue(now, this.settings.sweepMs);
    const lobbyOutOfDate =
      this.receivingViews !== this.readers.count > 0 || this.departedUsers.size > 0 || this.sockets.awaitingSnapshots;
    if (reportDue || lobbyOutOfDate) await this.lobbyLink.now();
  }

  /** GET: the site summary for the app's first paint; `includesSession` says whether the asking browser is counted. */
  async onRequest(request: Request): Promise<Response> {
    if (request.method !== "GET") return new Response("Method Not Allowed", { status: 405 });
    try {
      const viewer = identityFrom(request);
      let view: SiteView;
      if (this.readers.count === 0) {
        // Nobody here: read the lobby's view, and keep nothing (no storage is written for a read).
        view = await (await lobbyOf(this.env)).currentView();
      } else {
        if (!this.receivingViews || this.lobbyLink.behind) await this.lobbyLink.now();
        view = this.sockets.view;
      }
      const summary: SiteSummary = {
        online: view.online,
        active: view.active,
        reading: readingOf(view, siteFrom(request) ?? this.settings.homeSite.id),
        includesSession: viewer !== null && this.readers.hasSession(viewer.sessionId),
        people: this.settings.onlineListAudience === "public" ? view.people : null,
        author: view.author ?? null,
        record: view.record ?? null,
      };
      return Response.json(summary, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      console.error("site shard: could not answer a summary", error);
      return new Response("The live count is unavailable", { status: 503 });
    }
  }

  /** RPC from the lobby: the site's merged view. Sockets get what changed since the last one. */
  async applyView(view: SiteView): Promise<void> {
    if (!this.sockets.adopt(view)) return;
    const now = Date.now();
    // Listed by the lobby: the hold here has done its job (and must not hold them again later).
    for (const userId of this.holds.users()) if (this.isListed(userId, now)) await this.holds.release(userId);
    this.tellHoldChanges(now);
    await this.ctx.storage.put(VIEW_STORAGE_KEY, view);
  }

  /** RPC from an article room: may this browser session (whose shard this is) have one more post open? */
  openRoom(sessionId: string, room: string, connectionId: string): Lease {
    return this.roomLeases.open(sessionId, room, connectionId);
  }

  /** RPC from an article room: the session's socket there closed. */
  closeRoom(sessionId: string, room: string, connectionId: string): void {
    this.roomLeases.close(sessionId, room, connectionId);
  }

  /** RPC (through the entry, from the app): who the person is changed; their tabs fetch a new ticket. */
  async identityChanged(userId: string, withdrawal: { epoch: number; sessionId: string | null }): Promise<number> {
    await this.withdrawIdentity(userId, withdrawal);
    return this.sockets.tellIdentityStale(this.connectionsOf(userId));
  }

  /**
   * Who a socket's reader is in the owner's log: a visible person by name (once listed), an
   * anonymous browser by its made-up name; a hidden person, or anyone signed in but not shown, not at all.
   */
  private subjectOf(connectionId: string, state: SiteState): LogSubject {
    const key = this.readers.keyOf(connectionId);
    const user = state.identity.user;
    if (!key) return null;
    if (user) return user.visible && this.heldUntil(user.id, Date.now()) === 0 ? { name: user.name, named: true } : null;
    return key.startsWith("sid:") ? this.log.anonymous(key) : null;
  }

  /** Puts a visible person's socket among this shard's people (the lobby keeps a held one off the list). */
  private list(connectionId: string, state: SiteState): void {
    const user = state.identity.user;
    if (!user?.visible) return;
    this.people.join(
      connectionId,
      { userId: user.id, name: user.name, image: user.image, reading: state.locationShown ? state.location : null, active: state.active },
      Date.now(),
    );
  }

  /**
   * Until when the person is held off others' lists (0: not held), as far as this shard knows:
   * its own hold, or one the lobby's view carries from another shard; nothing once the view lists them.
   */
  private heldUntil(userId: string, now: number): number {
    if (this.isListed(userId, now)) return 0;
    const until = Math.max(heldInView(this.sockets.view, userId), this.holds.get(userId, now));
    return until > now ? until : 0;
  }

  /**
   * Whether others see the person listed: in the lobby's view, or visible here and not held. A
   * shard not receiving views (it had no readers) knows no one there: its stored view may be old.
   */
  private isListed(userId: string, now = Date.now()): boolean {
    if (this.receivingViews && this.sockets.view.people.some((person) => person.id === userId)) return true;
    // Shown here and held by no one: the lobby lists them with this shard's next report.
    return this.people.has(userId) && this.holds.get(userId, now) === 0 && heldInView(this.sockets.view, userId) <= now;
  }

  /** The person's own sockets that show them (those told when others will see them). */
  private visibleSocketsOf(userId: string): Connection[] {
    return [...this.connectionsOf(userId)].filter((connection) => {
      const state = connection.state as SiteState | null;
      return state?.identity.user?.visible === true && this.isCounted(connection.id);
    });
  }

  /** The person's sockets here hear when their hold begins, moves or ends (they were listed). */
  private tellHoldChanges(now: number): void {
    const here = new Set(this.people.userIds());
    for (const userId of this.toldHolds.keys()) if (!here.has(userId)) this.toldHolds.delete(userId);
    for (const userId of here) {
      const until = this.heldUntil(userId, now);
      if (until === (this.toldHolds.get(userId) ?? 0)) continue;
      if (until > 0) this.toldHolds.set(userId, until);
      else this.toldHolds.delete(userId);
      this.sockets.tellListing(this.visibleSocketsOf(userId), until, now);
      if (until === 0) this.logReadingOnceListed(userId, now);
    }
  }

  /** Listed at last: the owner's log hears where the person is reading, which it was not told while they were held. */
  private logReadingOnceListed(userId: string, now: number): void {
    let logged = false;
    for (const connection of this.visibleSocketsOf(userId)) {
      const state = connection.state as SiteState | null;
      const key = this.readers.keyOf(connection.id);
      if (!state?.locationShown || key === undefined) continue;
      logged = this.log.reading(key, this.subjectOf(connection.id, state), state.location, now) || logged;
    }
    if (logged) this.lobbyLink.soon();
  }

  /** After their snapshot: a held person's new sockets learn when others will see them. */
  private tellHeld(connectionIds: string[], now: number): void {
    for (const connectionId of connectionIds) {
      const connection = this.getConnection<SiteState>(connectionId);
      const user = (connection?.state as SiteState | null | undefined)?.identity.user;
      if (!connection || !user?.visible) continue;
      const until = this.heldUntil(user.id, now);
      if (until === 0) continue;
      this.toldHolds.set(user.id, until);
      this.sockets.tellListing([connection], until, now);
    }
  }

  /** Reports this shard's readers to the lobby, adopts the merged view it answers with, and sends waiting sockets their snapshot. */
  private async reportToLobby(): Promise<boolean> {
    // Sockets that join while the report is on its way are not in it: they wait for the next.
    const counted = this.sockets.waitingForSnapshot();
    const departures = Object.fromEntries(this.departedUsers);
    const all = this.readers.tally();
    const active = this.activeReaders.tally();
    const report: ShardReport = {
      sessionReaders: all.sessions,
      activeSessionReaders: active.sessions,
      userIds: all.userIds,
      activeUserIds: active.userIds,
      people: this.people.list(),
      departures,
      lastHeard: this.lastHeardByUser(),
      events: this.log.take(),
      holds: this.holds.pending(Date.now()),
    };
    let view: SiteView;
    try {
      view = await (await lobbyOf(this.env)).reportShard(this.name, report);
    } catch (error) {
      console.error("site shard: report to the lobby failed; retrying", error);
      await armAlarm(this.ctx.storage, Date.now() + REPORT_RETRY_MS);
      // New sockets get the last view known rather than nothing; updates follow once the lobby answers.
      this.sockets.sendSnapshots(counted);
      this.tellHeld(counted, Date.now());
      return false;
    }
    for (const [userId, at] of Object.entries(departures)) {
      if (this.departedUsers.get(userId) === at) this.departedUsers.delete(userId);
    }
    this.receivingViews = this.readers.count > 0;
    await this.applyView(view);
    this.sockets.sendSnapshots(counted);
    this.tellHeld(counted, Date.now());
    return true;
  }

  /** When each visible person here last sent a heartbeat (or opened a socket), by the runtime's clock. */
  private lastHeardByUser(): Record<string, number> {
    const heard = new Map<string, number>();
    for (const connection of this.signedInConnections()) {
      const state = connection.state as SiteState | null;
      const user = state?.identity.user;
      // Only visible people's last-seen is ever recorded.
      if (!state || !user?.visible || !this.isCounted(connection.id)) continue;
      const at = this.ctx.getWebSocketAutoResponseTimestamp(connection)?.getTime() ?? state.connectedAt;
      heard.set(user.id, Math.max(heard.get(user.id) ?? 0, at));
    }
    return Object.fromEntries(heard);
  }
}

/** The lobby's hold on a person (0: none); user ids are the app's, but never read off the prototype. */
function heldInView(view: SiteView, userId: string): number {
  return view.holds && Object.hasOwn(view.holds, userId) ? (view.holds[userId] ?? 0) : 0;
}

/** A tab says which post it shows; after a re-entry, the first post it names stays unsaid. */
function withLocation(state: SiteState, slug: string | null): SiteState {
  if (state.locationShown) return { ...state, location: slug };
  if (state.reentryLocation === undefined) return { ...state, location: slug, reentryLocation: slug };
  return { ...state, location: slug, locationShown: slug !== state.reentryLocation };
}
