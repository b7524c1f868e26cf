import type { AuthorStatus } from "../shared/protocol";

const STORAGE_KEY = "author-status";

/** The author's status, kept in storage (it outlives restarts) until it expires by itself. */
export class AuthorStatusBook {
  private status: AuthorStatus | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  async load(now: number): Promise<void> {
    this.status = (await this.storage.get<AuthorStatus>(STORAGE_KEY)) ?? null;
    await this.expire(now);
  }

  /** The status now (null once it expired). */
  current(now: number): AuthorStatus | null {
    return this.status && this.status.until > now ? this.status : null;
  }

  /** When it expires, for the lobby's alarm. */
  get expiresAt(): number | null {
    return this.status?.until ?? null;
  }

  async set(status: AuthorStatus | null): Promise<void> {
    this.status = status;
    if (status) await this.storage.put(STORAGE_KEY, status);
    else await this.storage.delete(STORAGE_KEY);
  }

  /** Forgets an expired status; returns whether it did. */
  async expire(now: number): Promise<boolean> {
    if (!this.status || this.status.until > now) return false;
    await this.set(null);
    return true;
  }
}
