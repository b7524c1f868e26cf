// The one module that reads and validates the app's environment. Every variable has a
// development default, so `npm run dev` needs no .env file; .env.example documents them.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./database-url";

const commaList = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((entry) => entry.trim().toLowerCase()).filter(Boolean));

const schema = z.object({
  /** Where the Next.js server reaches the presence worker over HTTP (first-paint counts). */
  PRESENCE_URL: z.url().default("http://127.0.0.1:8787"),
  /** host[:port] browsers open sockets to; inlined into the client bundle at build time. */
  NEXT_PUBLIC_PRESENCE_HOST: z.string().min(1).default("127.0.0.1:8787"),
  /** The blog's public URL, for the RSS feed and absolute links. */
  SITE_URL: z.url().default("http://localhost:3000"),
  /** libSQL URL: a SQLite file locally, libsql://… (Turso) in production. */
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  /**
   * Shared with the presence worker (its own secret, not AUTH_SECRET): signs session ids
   * and presence tokens, and verifies the worker's last-seen reports. Required in production.
   */
  PRESENCE_SECRET: z.string().min(32).optional(),
  /** Who may see who is online: "public" (names of visible people) or "signed-in". Match the worker's. */
  ONLINE_LIST_AUDIENCE: z.enum(["public", "signed-in"]).default("public"),
  /** Auth.js secret (sessions). Required in production; a development default otherwise. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** GitHub OAuth app; sign-in with GitHub is offered only when both are set. */
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  /** Tests only: the base URL of a local OAuth server standing in for github.com (GitHub Enterprise style). */
  AUTH_GITHUB_ENTERPRISE_URL: z.url().optional(),
  /** The status API's key (Authorization: Bearer …); without it the API answers 401 to everyone. */
  STATUS_API_KEY: z.string().min(32, "at least 32 characters (openssl rand -hex 32)").optional(),
  /** The demo sign-in (pick a display name): on in development, off in production unless "true". */
  DEMO_SIGNIN: z.enum(["true", "false"]).optional(),
  /**
   * A production build (next build, next start) refuses to run with the demo sign-in on, where
   * anyone signs in as anyone (and DEMO_OWNER_NAMES as an owner), unless this says "true" (the
   * e2e suite and the page benchmark, which test production builds with it).
   */
  ALLOW_DEMO_SIGNIN_IN_PRODUCTION: z.enum(["true", "false"]).default("false"),
  /** The blog's owners, who reach the desk, comma-separated (see lib/owners.ts for how each is matched). */
  OWNER_GITHUB_IDS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[1-9]\d{0,19}$/, "GitHub account ids are numbers (https://api.github.com/users/<login> says yours)"))),
  OWNER_GITHUB_LOGINS: commaList,
  OWNER_EMAILS: commaList,
  /** Development and tests: demo sign-in names that are owners (ignored while the demo sign-in is off). */
  DEMO_OWNER_NAMES: commaList,
  /** Days the reading insights are kept; older ones are deleted. */
  INSIGHTS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Tests only: count automated browsers (Playwright's) as readers, as they are in the e2e suite. */
  COUNT_AUTOMATED_BROWSERS: z.enum(["true", "false"]).default("false"),
});

/** A development-only default; the worker gets the same value from .dev.vars (see .dev.vars.example). */
export const DEVELOPMENT_PRESENCE_SECRET = "dev-only-presence-secret-0123456789abcdef";

export type Env = z.infer<typeof schema>;

/** Whether the demo sign-in is offered, for these settings under this NODE_ENV. */
function demoSignInOn(values: Pick<Env, "DEMO_SIGNIN">, nodeEnv: string | undefined): boolean {
  if (values.DEMO_SIGNIN) return values.DEMO_SIGNIN === "true";
  return nodeEnv !== "production";
}

/** Reads and checks the settings; throws one error naming every problem. Exported for its tests. */
export function readEnv(source: Record<string, string | undefined>, nodeEnv: string | undefined): Env {
  const parsed = schema.safeParse(source);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  if (parsed.success && nodeEnv === "production" && demoSignInOn(parsed.data, nodeEnv) && parsed.data.ALLOW_DEMO_SIGNIN_IN_PRODUCTION !== "true") {
    problems.push(
      "  DEMO_SIGNIN: the demo sign-in lets anyone sign in under any name (and DEMO_OWNER_NAMES makes owners of some);" +
        " a production build refuses it. Unset DEMO_SIGNIN, or set ALLOW_DEMO_SIGNIN_IN_PRODUCTION=true if you mean it (a test deployment).",
    );
  }
  if (!parsed.success || problems.length > 0) throw new Error(`Invalid environment:\n${problems.join("\n")}\nSee .env.example.`);
  return parsed.data;
}

export const env = readEnv(process.env, process.env.NODE_ENV);

/** Whether the demo sign-in is offered. */
export function demoSignInEnabled(): boolean {
  return demoSignInOn(env, process.env.NODE_ENV);
}

/** The presence secret; in production it must be configured (checked when first needed, not at build time). */
export function presenceSecret(): string {
  if (env.PRESENCE_SECRET) return env.PRESENCE_SECRET;
  if (process.env.NODE_ENV === "production") {
    throw new Error("PRESENCE_SECRET is required in production (generate one: openssl rand -base64 48). See .env.example.");
  }
  return DEVELOPMENT_PRESENCE_SECRET;
}
