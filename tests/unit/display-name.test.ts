import { describe, expect, it } from "vitest";
import { cleanDisplayName, MAX_DISPLAY_NAME_LENGTH } from "@/party/shared/display-name";

describe("display names are cleaned wherever they enter", () => {
  it.each([
    ["bidi overrides", "Ada\u202E nimda\u202C", "Ada nimda"],
    ["isolates", "\u2067Ada\u2069", "Ada"],
    ["zero-width characters", "A\u200Bd\u200Da\uFEFF", "Ada"],
    ["control characters", "Ada\u0000\u0007\n Lovelace", "Ada Lovelace"],
    ["runs of spaces, Hangul fillers", "Ada   \u3164 Lovelace  ", "Ada Lovelace"],
    ["decomposed accents", "Rene\u0301e", "Renée"],
  ])("strips %s", (_label, raw, cleaned) => {
    expect(cleanDisplayName(raw)).toBe(cleaned);
  });

  it("keeps names in any script, and cuts long ones by characters, not bytes", () => {
    expect(cleanDisplayName("山田 太郎")).toBe("山田 太郎");
    expect(cleanDisplayName("🦊".repeat(60))).toBe("🦊".repeat(MAX_DISPLAY_NAME_LENGTH));
  });

  it("leaves nothing of a name made only of invisible characters", () => {
    expect(cleanDisplayName("\u200B\u202E\u2066 ")).toBe("");
  });
});
