import { describe, expect, it } from "vitest";
import { SettingsError, settingsOf } from "@/party/config/settings";

const REQUIRED = {
  ALLOWED_ORIGINS: "https://blog.example.com, https://www.blog.example.com",
  APP_URL: "https://blog.example.com",
  PRESENCE_SECRET: "a-presence-secret-of-at-least-32-characters",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    settingsOf(env);
    return [];
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return error.problems;
  }
}

describe("the worker's settings: one schema, parsed once", () => {
  it("takes what is set and gives every optional setting its default", () => {
    const settings = settingsOf({ ...REQUIRED });
    expect(settings.allowedOrigins).toEqual(["https://blog.example.com", "https://www.blog.example.com"]);
    expect(settings).toMatchObject({ graceMs: 3000, sweepMs: 10_000, ghostAfterMs: 15_000, siteShards: 4, roomsPerSession: 10, onlineListAudience: "public", webhook: null });
    expect(settingsOf({ ...REQUIRED, SITE_SHARDS: "16", PRESENCE_GRACE_MS: "0" })).toMatchObject({ siteShards: 16, graceMs: 0 });
  });

  it("a site with no server of its own (the script tag) sets no APP_URL: no app to tell, its first origin is home", () => {
    const { APP_URL: _app, ...withoutApp } = REQUIRED;
    const settings = settingsOf({ ...withoutApp, ALLOWED_ORIGINS: "https://static.example.com" });
    expect(settings.appUrl).toBeNull();
    expect(settings.homeSite.origin).toBe("https://static.example.com");
    expect(settingsOf({ ...REQUIRED }).appUrl).toBe("https://blog.example.com");
  });

  it.each([
    ["SITE_SHARDS", "0"],
    ["SITE_SHARDS", "65"],
    ["SITE_SHARDS", "four"],
    ["SITE_SHARDS", "2.5"],
    ["PRESENCE_GRACE_MS", "-1"],
    ["PRESENCE_SWEEP_MS", "999"],
    ["ROOMS_PER_SESSION", "1e9"],
    ["LARGE_ROOM_READERS", "3"],
    ["ROOM_SOCKETS_PER_OBJECT", "1"],
    ["ROOM_SOCKETS_PER_OBJECT", "2000.5"],
    ["ROOM_SOCKETS_PER_OBJECT", "100001"],
    ["ONLINE_LIST_AUDIENCE", "friends"],
    ["APP_URL", "blog.example.com"],
    ["ALLOWED_ORIGINS", "not an origin"],
    ["PRESENCE_SECRET", "short"],
    ["SITE_POST_PATHS", "https://blog.example.com=blog"],
    ["SITE_POST_PATHS", "https://elsewhere.example=/blog/"],
    ["SITE_SITEMAPS", "https://blog.example.com=ftp://blog.example.com/sitemap.xml"],
    ["SITE_SITEMAPS", "/sitemap.xml"],
    ["SITEMAP_REFRESH_MIN_MS", "10"],
  ])("refuses %s=%s with an error that names it", (name, value) => {
    const problems = problemsOf({ ...REQUIRED, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it("makes every allowed origin a site, with its sitemap and post path (defaults <origin>/sitemap.xml and /posts/)", () => {
    const settings = settingsOf({
      ...REQUIRED,
      ALLOWED_ORIGINS: "https://blog.example.com, http://localhost:3001/",
      SITE_SITEMAPS: "https://blog.example.com=https://cdn.example.net/blog-sitemap.xml",
      SITE_POST_PATHS: "http://localhost:3001=/blog/",
    });
    expect(settings.sites).toEqual([
      { id: "blog.example.com", origin: "https://blog.example.com", sitemapUrl: "https://cdn.example.net/blog-sitemap.xml", postPrefix: "/posts/" },
      { id: "localhost_3001", origin: "http://localhost:3001", sitemapUrl: "http://localhost:3001/sitemap.xml", postPrefix: "/blog/" },
    ]);
    expect(settings.homeSite.id).toBe("blog.example.com");
    expect(settings.sitemapRefreshMs).toBe(15_000);
  });

  it("refuses two origins that would be one site, naming both", () => {
    const problems = problemsOf({ ...REQUIRED, ALLOWED_ORIGINS: "https://blog.example.com,http://blog.example.com" });
    expect(problems.join()).toMatch(/ALLOWED_ORIGINS: https:\/\/blog.example.com and http:\/\/blog.example.com are one site/);
  });

  it("names every missing required setting at once", () => {
    const problems = problemsOf({});
    for (const name of ["ALLOWED_ORIGINS", "PRESENCE_SECRET"]) expect(problems.join("\n")).toContain(name);
  });

  it("wants WEBHOOK_URL and WEBHOOK_SECRET together", () => {
    expect(problemsOf({ ...REQUIRED, WEBHOOK_URL: "https://hooks.example.com/x" }).join()).toMatch(/WEBHOOK_URL and WEBHOOK_SECRET/);
    const secret = "a-webhook-secret-of-at-least-32-characters";
    expect(settingsOf({ ...REQUIRED, WEBHOOK_URL: "https://hooks.example.com/x", WEBHOOK_SECRET: secret }).webhook).toEqual({
      url: "https://hooks.example.com/x",
      secret,
    });
  });
});
