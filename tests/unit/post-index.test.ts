import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POST_SLUGS } from "@/party/config/post-slugs.generated";
// @ts-expect-error -- a plain .mjs build script without type declarations
import { collectSlugs, listPostSlugs } from "../../scripts/generate-post-index.mjs";

describe("the worker's list of known posts", () => {
  it("matches content/posts (run `node scripts/generate-post-index.mjs` after adding a post)", () => {
    expect([...POST_SLUGS]).toEqual(listPostSlugs());
    expect(POST_SLUGS.length).toBeGreaterThanOrEqual(5);
  });
});

describe("another blog's slugs", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "post-index-"));
  const postsDir = path.join(dir, "posts");
  const slugsFile = path.join(dir, "slugs.txt");

  it("come from post directories and slug files, sorted and de-duplicated, instead of content/posts", () => {
    mkdirSync(postsDir, { recursive: true });
    writeFileSync(path.join(postsDir, "zebra-crossing.md"), "");
    writeFileSync(path.join(postsDir, "notes.mdx"), "");
    writeFileSync(path.join(postsDir, "draft.txt"), "");
    writeFileSync(slugsFile, "# from our CMS\nalpha-post\n\n  notes  # also a file\n");
    expect(collectSlugs({ postsDirs: [postsDir], slugsFiles: [slugsFile] })).toEqual(["alpha-post", "notes", "zebra-crossing"]);
    expect(collectSlugs({ slugsFiles: [slugsFile] })).toEqual(["alpha-post", "notes"]);
  });

  it("default to content/posts", () => {
    expect(collectSlugs()).toEqual(listPostSlugs());
  });

  it("are refused when the worker could not use them", () => {
    const bad = path.join(dir, "bad.txt");
    writeFileSync(bad, "fine-slug\nNot A Slug\n");
    expect(() => collectSlugs({ slugsFiles: [bad] })).toThrow(/Not A Slug/);
  });
});
