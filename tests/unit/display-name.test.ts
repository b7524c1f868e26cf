import { describe, expect, it } from "vitest";
import { cleanDisplayName, displayNameKey, MAX_DISPLAY_NAME_LENGTH } from "@/party/shared/display-name";

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

describe("a name's key: who it means, however it is typed", () => {
  const spellings = ["Owner Olive", "owner olive", "Owner  Olive", "Owner Olive\u200B", "Owner\u00A0Olive", "\u200FOwner Olive", "OWNER OLIVE", "\uFF2F\uFF57ner Olive", " Owner\u2003Olive\u202C "];

  it.each(spellings)("%j is one key", (spelling) => {
    expect(displayNameKey(spelling)).toBe("owner olive");
  });

  it("different names keep different keys, in any script", () => {
    expect(displayNameKey("Owner Oliver")).not.toBe(displayNameKey("Owner Olive"));
    expect(displayNameKey("山田 太郎")).toBe("山田 太郎");
    expect(displayNameKey("Renée")).not.toBe(displayNameKey("Renee"));
  });
});
