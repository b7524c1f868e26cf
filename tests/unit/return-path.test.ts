import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "@/lib/return-path";

describe("the way back after sign-in", () => {
  it.each(["/", "/desk", "/posts/how-live-presence-works?from=x#post-body", "/online?q=%2F%2Fx"])("takes a path of the blog: %s", (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/desk",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "desk",
    "/desk\r\nLocation: https://evil.example",
    "/de\tsk",
    "/signin",
    "/signin?callbackUrl=%2Fdesk",
    "/api/auth/signout",
    `/${"a".repeat(3000)}`,
    "",
  ])("refuses anything else: %j", (path) => {
    expect(safeReturnPath(path)).toBeNull();
  });

  it("refuses what isn't a string", () => {
    for (const value of [null, undefined, 42, ["/desk"], { href: "/desk" }]) expect(safeReturnPath(value)).toBeNull();
  });

  it("is carried to the sign-in page in its query, unless it is home or refused", () => {
    expect(signInPath("/desk")).toBe("/signin?callbackUrl=%2Fdesk");
    expect(signInPath("/posts/x?y=1")).toBe("/signin?callbackUrl=%2Fposts%2Fx%3Fy%3D1");
    expect(signInPath("/")).toBe("/signin");
    expect(signInPath("//evil.example")).toBe("/signin");
  });
});
