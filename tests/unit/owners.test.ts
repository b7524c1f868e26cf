import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isOwnerUnder, type OwnerSettings } from "@/lib/owners";

const SETTINGS: OwnerSettings = {
  githubIds: ["583231"],
  githubLogins: ["octo-owner"],
  emails: ["owner@example.com"],
  demoNames: ["owner olive"],
};
const owner = (candidate: Parameters<typeof isOwnerUnder>[1]) => isOwnerUnder(SETTINGS, candidate);

describe("owners", () => {
  it("a GitHub account is an owner by its numeric id, whatever its login is now", () => {
    expect(owner({ githubId: "583231", githubLogin: "renamed-since" })).toBe(true);
    expect(owner({ githubId: "583232", githubLogin: "octo-owner" })).toBe(false);
  });

  it("a login the settings name is an owner only for the account it belonged to when first seen", () => {
    expect(owner({ githubId: "1001", githubLogin: "Octo-Owner", githubLoginIsTheirs: true })).toBe(true);
    // Renamed by its owner, then taken by someone else: the newcomer holds the login, not the claim.
    expect(owner({ githubId: "6666", githubLogin: "octo-owner", githubLoginIsTheirs: false })).toBe(false);
    // A sign-in from before logins were checked against their account: no claim, no owner.
    expect(owner({ githubId: "1001", githubLogin: "octo-owner" })).toBe(false);
    expect(owner({ githubLogin: "octo-owner", githubLoginIsTheirs: true })).toBe(false);
  });

  it("an e-mail address names an owner only when the provider says it is verified", () => {
    expect(owner({ githubId: "1002", verifiedEmails: ["someone@example.com", "Owner@Example.com"] })).toBe(true);
    expect(owner({ githubId: "1002", verifiedEmails: [] })).toBe(false);
    expect(owner({ githubId: "1002", verifiedEmails: null })).toBe(false);
  });

  it("a demo owner's name is theirs however it is typed: case, spaces, invisible, no-break, bidi and fullwidth characters", () => {
    for (const spelling of ["Owner Olive", "owner olive", "Owner  Olive", "Owner Olive\u200B", "Owner\u00A0Olive", "\u200FOwner Olive", "\uFF2Fwner Olive"]) {
      expect(owner({ demoName: spelling }), JSON.stringify(spelling)).toBe(true);
    }
    expect(owner({ demoName: "Owner Olive2" })).toBe(false);
  });

  it("demo names count in any case, and only while the settings have them (the demo sign-in on)", () => {
    expect(owner({ demoName: "OWNER OLIVE" })).toBe(true);
    expect(isOwnerUnder({ ...SETTINGS, demoNames: [] }, { demoName: "Owner Olive" })).toBe(false);
    expect(owner({ demoName: "Owner Oliver" })).toBe(false);
    expect(owner({})).toBe(false);
  });
});

// A real SQLite file, migrated by Prisma, as the app's own database is.
const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "owners-")), "test.db")}`;
process.env.DATABASE_URL = url;
let logins: typeof import("@/lib/data/github-logins");

beforeAll(async () => {
  const migrated = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(migrated.stderr);
  logins = await import("@/lib/data/github-logins");
}, 60_000);

describe("a GitHub login the settings name", () => {
  it("belongs to the first account seen with it, and to no later one, in any case", async () => {
    expect(await logins.githubLoginIsTheirs("Octo-Owner", "1001")).toBe(true);
    expect(await logins.githubLoginIsTheirs("octo-owner", "1001")).toBe(true);
    expect(await logins.githubLoginIsTheirs("OCTO-OWNER", "6666")).toBe(false);
    expect(await logins.githubLoginIsTheirs("octo-owner", "1001")).toBe(true);
  });

  it("two first sign-ins at once: exactly one account keeps it", async () => {
    const answers = await Promise.all(["2001", "2002", "2003"].map((id) => logins.githubLoginIsTheirs("racing-login", id)));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});
