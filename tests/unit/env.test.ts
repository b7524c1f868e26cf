import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";

const problemOf = (source: Record<string, string | undefined>, nodeEnv: string) => {
  try {
    readEnv(source, nodeEnv);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe("the app's settings", () => {
  it("refuse a production build with the demo sign-in on (anyone signs in as anyone, owners too)", () => {
    const problem = problemOf({ DEMO_SIGNIN: "true", DEMO_OWNER_NAMES: "Owner Olive" }, "production");
    expect(problem).toContain("DEMO_SIGNIN");
    expect(problem).toContain("ALLOW_DEMO_SIGNIN_IN_PRODUCTION=true");
  });

  it("take it in production when a setting says so explicitly, and when nothing turns it on", () => {
    expect(problemOf({ DEMO_SIGNIN: "true", ALLOW_DEMO_SIGNIN_IN_PRODUCTION: "true" }, "production")).toBeNull();
    expect(problemOf({}, "production")).toBeNull();
    expect(problemOf({ DEMO_SIGNIN: "false" }, "production")).toBeNull();
    expect(problemOf({ ALLOW_DEMO_SIGNIN_IN_PRODUCTION: "yes" }, "production")).toContain("ALLOW_DEMO_SIGNIN_IN_PRODUCTION");
  });

  it("leave development and tests alone, where the demo sign-in is on by default", () => {
    expect(problemOf({}, "development")).toBeNull();
    expect(problemOf({ DEMO_SIGNIN: "true" }, "test")).toBeNull();
  });

  it("name GitHub owners by numeric account id, and refuse a login given as an id", () => {
    expect(readEnv({ OWNER_GITHUB_IDS: " 583231, 9 " }, "development").OWNER_GITHUB_IDS).toEqual(["583231", "9"]);
    expect(problemOf({ OWNER_GITHUB_IDS: "octocat" }, "development")).toContain("OWNER_GITHUB_IDS");
  });
});
