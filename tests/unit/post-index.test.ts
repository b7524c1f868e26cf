import { describe, expect, it } from "vitest";
import { POST_SLUGS } from "@/party/post-slugs.generated";
// @ts-expect-error -- a plain .mjs build script without type declarations
import { listPostSlugs } from "../../scripts/generate-post-index.mjs";

describe("the worker's list of known posts", () => {
  it("matches content/posts (run `node scripts/generate-post-index.mjs` after adding a post)", () => {
    expect([...POST_SLUGS]).toEqual(listPostSlugs());
    expect(POST_SLUGS.length).toBeGreaterThanOrEqual(5);
  });
});
