import { afterEach, describe, expect, it, vi } from "vitest";

// The owner rule as a sign-in meets it (auth.config.ts): what the provider said, kept in the
// signed token at sign-in, decides the session's `owner`.
process.env.OWNER_GITHUB_IDS = "583231";
process.env.OWNER_GITHUB_LOGINS = "";
process.env.OWNER_EMAILS = "owner@example.com";
process.env.AUTH_GITHUB_ID = "test-client";
process.env.AUTH_GITHUB_SECRET = "test-secret";
const { authConfig, githubProvider } = await import("@/auth.config");

type JwtParams = Parameters<typeof authConfig.callbacks.jwt>[0];
type SessionParams = Parameters<typeof authConfig.callbacks.session>[0];

/** The session after a GitHub sign-in by this account, with this profile. */
function sessionAfterGitHub(providerAccountId: string, profile: Record<string, unknown>) {
  const account = { provider: "github", providerAccountId, type: "oauth" } as JwtParams["account"];
  const token = authConfig.callbacks.jwt({ token: { sub: "u1", email: profile.email as string }, user: { id: "u1" }, account, profile } as JwtParams);
  return authConfig.callbacks.session({ session: { user: { id: "", owner: false }, expires: "" }, token } as unknown as SessionParams);
}

describe("a GitHub sign-in", () => {
  it("is an owner by its numeric account id", () => {
    expect(sessionAfterGitHub("583231", { login: "anything-now" }).user.owner).toBe(true);
    expect(sessionAfterGitHub("583232", { login: "octo-owner" }).user.owner).toBe(false);
  });

  it("is no owner by a profile e-mail GitHub doesn't say is verified; a verified one counts", () => {
    expect(sessionAfterGitHub("1002", { login: "someone", email: "owner@example.com" }).user.owner).toBe(false);
    expect(sessionAfterGitHub("1002", { login: "someone", email: "owner@example.com", verified_emails: ["owner@example.com"] }).user.owner).toBe(true);
  });
});

describe("GitHub's profile as the app asks for it", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("carries the addresses GitHub's /user/emails marks verified, and only those", async () => {
    const fetch = vi.fn(async (url: string) =>
      Response.json(
        url.endsWith("/user/emails")
          ? [
              { email: "Owner@Example.com", primary: true, verified: true },
              { email: "claimed@example.com", primary: false, verified: false },
            ]
          : { id: 1002, login: "someone", email: null },
      ),
    );
    vi.stubGlobal("fetch", fetch);
    const provider = githubProvider()[0]!;
    const userinfo = provider.options?.userinfo as { request: (context: { tokens: { access_token: string } }) => Promise<Record<string, unknown>> };
    const profile = await userinfo.request({ tokens: { access_token: "gho_x" } });
    expect(profile).toMatchObject({ login: "someone", email: "Owner@Example.com", verified_emails: ["owner@example.com"] });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(["https://api.github.com/user", "https://api.github.com/user/emails"]);
  });
});
