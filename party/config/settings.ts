// The worker's settings (wrangler vars and secrets), parsed once, by one schema. A bad value
// is an error that names the setting; nothing falls back to a default silently.
import { z } from "zod";
import { DEFAULT_ROOM_SOCKETS_PER_OBJECT } from "./room-seats";
import { originPairs, type SiteConfig, sitesOf } from "./sites";

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === "") return fallback;
      const number = Number(value);
      if (Number.isInteger(number) && number >= min && number <= max) return number;
      context.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max} (got "${value}")` });
      return z.NEVER;
    });

const fieldsSchema = z.object({
    /** Comma-separated origins allowed to open sockets, e.g. "https://blog.example.com". */
    ALLOWED_ORIGINS: z
      .string({ error: "ALLOWED_ORIGINS is required: the blog's origins, comma-separated" })
      .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
      .pipe(z.array(z.url({ error: "ALLOWED_ORIGINS must list origins such as https://blog.example.com" })).min(1, "ALLOWED_ORIGINS is empty"))
      .transform((origins) => origins.map((origin) => new URL(origin).origin)),
    /**
     * Optional: where a site's sitemap is, when not at <origin>/sitemap.xml, as comma-separated
     * "<origin>=<url>" pairs. The worker learns a site's posts from it (party/catalog/).
     */
    SITE_SITEMAPS: z.string().optional(),
    /** Optional: a site's post path, when not /posts/, as "<origin>=/blog/" pairs: a post's room is the last segment of its URL under it. */
    SITE_POST_PATHS: z.string().optional(),
    /** A site's sitemap is read again, for a room it doesn't list, at most this often. */
    SITEMAP_REFRESH_MIN_MS: wholeNumber("SITEMAP_REFRESH_MIN_MS", 1_000, 3_600_000, 15_000),
    /** The blog's URL, where last-seen reports go. */
    // The blog's server, which takes last-seen times and reading insights; a site with no server
    // of its own (the script tag) leaves it out, and the worker keeps neither.
    APP_URL: z.url({ error: "APP_URL must be the blog's URL, e.g. https://blog.example.com" }).optional(),
    /** Shared with the app: verifies session ids and presence tokens, signs reports. A secret. */
    PRESENCE_SECRET: z
      .string({ error: "PRESENCE_SECRET is not set (a secret; see docs/deploy.md)" })
      .min(32, "PRESENCE_SECRET must be at least 32 characters"),
    /** Who may see who is online, by name: everyone, or only signed-in readers. */
    ONLINE_LIST_AUDIENCE: z
      .enum(["public", "signed-in"], { error: 'ONLINE_LIST_AUDIENCE must be "public" or "signed-in"' })
      .default("public"),
    /** A socket that drops without a goodbye stays counted this long (calm reloads). */
    PRESENCE_GRACE_MS: wholeNumber("PRESENCE_GRACE_MS", 0, 60_000, 3_000),
    /** How often an object with sockets sweeps for vanished ones. */
    PRESENCE_SWEEP_MS: wholeNumber("PRESENCE_SWEEP_MS", 1_000, 60_000, 10_000),
    /**
     * A socket with no heartbeat for this long is taken for a vanished one (a tab that said it
     * is idle gets five times as long: background tabs may beat once a minute). Tabs beat every 5 s.
     */
    PRESENCE_GHOST_AFTER_MS: wholeNumber("PRESENCE_GHOST_AFTER_MS", 1_000, 120_000, 15_000),
    /** Posts one browser session may have open at once. */
    ROOMS_PER_SESSION: wholeNumber("ROOMS_PER_SESSION", 1, 1_000, 10),
    /** How many objects site presence is spread over. */
    SITE_SHARDS: wholeNumber("SITE_SHARDS", 1, 64, 4),
    /**
     * After someone signs in or out, hides or shows themself mid-read, their new look joins a
     * post's rail only among at least this many other readers, after a random delay in this
     * range; in a smaller room, only on their next visit (see docs/security.md).
     */
    REENTRY_CROWD: wholeNumber("REENTRY_CROWD", 1, 1_000, 8),
    REENTRY_DELAY_MIN_MS: wholeNumber("REENTRY_DELAY_MIN_MS", 1_000, 600_000, 5_000),
    REENTRY_DELAY_MAX_MS: wholeNumber("REENTRY_DELAY_MAX_MS", 1_000, 600_000, 30_000),
    /** A post's rail becomes the crowd view (a density strip and a few faces) above this many readers. */
    LARGE_ROOM_READERS: wholeNumber("LARGE_ROOM_READERS", 10, 1_000_000, 100),
    /**
     * Sockets one object of a post's room holds: past this many, new readers sit in the room's
     * relays (up to 63 of them), so no object fans out to more (see party/config/room-seats.ts).
     */
    ROOM_SOCKETS_PER_OBJECT: wholeNumber("ROOM_SOCKETS_PER_OBJECT", 2, 100_000, DEFAULT_ROOM_SOCKETS_PER_OBJECT),
    /** Optional: where status-change events are POSTed, signed with WEBHOOK_SECRET. */
    WEBHOOK_URL: z.url({ error: "WEBHOOK_URL must be a URL" }).optional(),
    WEBHOOK_SECRET: z.string().min(32, "WEBHOOK_SECRET must be at least 32 characters").optional(),
});

const settingsSchema = fieldsSchema
  .refine((settings) => (settings.WEBHOOK_URL === undefined) === (settings.WEBHOOK_SECRET === undefined), {
    message: "WEBHOOK_URL and WEBHOOK_SECRET go together: set both or neither",
  })
  .refine((settings) => settings.REENTRY_DELAY_MIN_MS <= settings.REENTRY_DELAY_MAX_MS, {
    message: "REENTRY_DELAY_MIN_MS must not be larger than REENTRY_DELAY_MAX_MS",
  })
  .transform((raw, context) => {
    const { sites, problems } = sitesFrom(raw.ALLOWED_ORIGINS, raw.SITE_SITEMAPS, raw.SITE_POST_PATHS);
    if (problems.length > 0) {
      for (const message of problems) context.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    // The app's own site (at APP_URL) is the one a request that names none belongs to.
    const appOrigin = raw.APP_URL ? new URL(raw.APP_URL).origin : null;
    const homeSite = sites.find((site) => site.origin === appOrigin) ?? sites[0]!;
    return { ...settingsFrom(raw), sites, homeSite, sitemapRefreshMs: raw.SITEMAP_REFRESH_MIN_MS };
  });

function sitesFrom(origins: string[], sitemaps: string | undefined, postPaths: string | undefined): { sites: SiteConfig[]; problems: string[] } {
  const sitemapPairs = originPairs("SITE_SITEMAPS", sitemaps, origins);
  const postPathPairs = originPairs("SITE_POST_PATHS", postPaths, origins);
  if (sitemapPairs.problems.length > 0 || postPathPairs.problems.length > 0) {
    return { sites: [], problems: [...sitemapPairs.problems, ...postPathPairs.problems] };
  }
  return sitesOf(origins, sitemapPairs.pairs, postPathPairs.pairs);
}

function settingsFrom(raw: z.output<typeof fieldsSchema>) {
  return {
    allowedOrigins: raw.ALLOWED_ORIGINS,
    appUrl: raw.APP_URL ?? null,
    secret: raw.PRESENCE_SECRET,
    onlineListAudience: raw.ONLINE_LIST_AUDIENCE,
    graceMs: raw.PRESENCE_GRACE_MS,
    sweepMs: raw.PRESENCE_SWEEP_MS,
    ghostAfterMs: raw.PRESENCE_GHOST_AFTER_MS,
    roomsPerSession: raw.ROOMS_PER_SESSION,
    siteShards: raw.SITE_SHARDS,
    reentry: { crowd: raw.REENTRY_CROWD, minDelayMs: raw.REENTRY_DELAY_MIN_MS, maxDelayMs: raw.REENTRY_DELAY_MAX_MS },
    largeRoomReaders: raw.LARGE_ROOM_READERS,
    roomSocketsPerObject: raw.ROOM_SOCKETS_PER_OBJECT,
    webhook: raw.WEBHOOK_URL && raw.WEBHOOK_SECRET ? { url: raw.WEBHOOK_URL, secret: raw.WEBHOOK_SECRET } : null,
  };
}

export type Settings = z.output<typeof settingsSchema>;

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid presence worker settings:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
}

const parsed = new WeakMap<object, Settings | SettingsError>();

/** The settings of this environment, parsed once per isolate; throws a SettingsError naming every bad one. */
export function settingsOf(env: object): Settings {
  let result = parsed.get(env);
  if (!result) {
    const outcome = settingsSchema.safeParse(env);
    result = outcome.success ? outcome.data : new SettingsError(outcome.error.issues.map((issue) => issue.message));
    parsed.set(env, result);
  }
  if (result instanceof SettingsError) throw result;
  return result;
}
