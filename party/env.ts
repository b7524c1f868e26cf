import type { Article } from "./article";
import type { Lobby } from "./lobby";
import type { Site } from "./site";

export interface Env {
  Site: DurableObjectNamespace<Site>;
  Article: DurableObjectNamespace<Article>;
  Lobby: DurableObjectNamespace<Lobby>;
  /** Comma-separated origins allowed to open sockets, e.g. "https://blog.example.com". */
  ALLOWED_ORIGINS: string;
  /** Shared with the app: verifies session ids and presence tokens, signs last-seen reports. A secret. */
  PRESENCE_SECRET?: string;
  /** The blog's URL, where last-seen reports go (POST /api/presence/last-seen). */
  APP_URL: string;
  /** Who may see the list of people online: "public" (default) or "signed-in". */
  ONLINE_LIST_AUDIENCE?: string;
  /** Milliseconds a dropped connection stays counted (calm reloads); default 3000. */
  PRESENCE_GRACE_MS?: string;
  /** Milliseconds between ghost sweeps of an object with connections; default 10000 (see liveness.ts). */
  PRESENCE_SWEEP_MS?: string;
  /** Optional: where status-change events are POSTed (signed with WEBHOOK_SECRET, a secret). */
  WEBHOOK_URL?: string;
  WEBHOOK_SECRET?: string;
  /** Posts one browser session may have open at once (1–1000); default 10. */
  ROOMS_PER_SESSION?: string;
  /** How many objects site presence is spread over (1–64); default 4. */
  SITE_SHARDS?: string;
}

export const LOBBY_ROOM = "main";
