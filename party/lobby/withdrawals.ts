import { PRESENCE_TOKEN_MAX_AGE_SECONDS } from "../shared/tickets";

/** A change of who someone is: they hid or showed themself (a new privacy epoch), or signed out of one browser. */
export interface Withdrawal {
  userId: string;
  /** Tokens of an older epoch no longer count. */
  epoch: number;
  /** The browser session signed out of, whose tokens no longer count; null for a privacy change. */
  sessionId: string | null;
}

interface Kept {
  epochs: [userId: string, { epoch: number; at: number }][];
  sessions: [sessionId: string, at: number][];
}

const STORAGE_KEY = "withdrawals";
/** A token lives at most this long, so a withdrawal needs keeping no longer. */
const KEEP_MS = PRESENCE_TOKEN_MAX_AGE_SECONDS * 1000 + 60_000;

/**
 * Presence tokens the app withdrew before they expired: every socket that connects with a
 * token is checked here first (by the entry), so a token fetched while someone was visible
 * can't show them after they hid, and one of a browser they signed out of can't either.
 */
export class Withdrawals {
  private epochs = new Map<string, { epoch: number; at: number }>();
  private sessions = new Map<string, number>();

  constructor(private readonly storage: DurableObjectStorage) {}

  async load(): Promise<void> {
    const kept = await this.storage.get<Kept>(STORAGE_KEY);
    this.epochs = new Map(kept?.epochs ?? []);
    this.sessions = new Map(kept?.sessions ?? []);
  }

  async withdraw({ userId, epoch, sessionId }: Withdrawal, now: number): Promise<void> {
    this.epochs.set(userId, { epoch: Math.max(epoch, this.epochs.get(userId)?.epoch ?? 0), at: now });
    if (sessionId) this.sessions.set(sessionId, now);
    for (const [id, { at }] of this.epochs) if (now - at > KEEP_MS) this.epochs.delete(id);
    for (const [id, at] of this.sessions) if (now - at > KEEP_MS) this.sessions.delete(id);
    await this.storage.put(STORAGE_KEY, { epochs: [...this.epochs], sessions: [...this.sessions] } satisfies Kept);
  }

  /** Whether a token of this person, epoch and session was withdrawn. */
  isWithdrawn({ userId, epoch, sessionId }: Withdrawal): boolean {
    const known = this.epochs.get(userId);
    return (known !== undefined && epoch < known.epoch) || (sessionId !== null && this.sessions.has(sessionId));
  }
}
