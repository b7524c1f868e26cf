import { describe, expect, it } from "vitest";
import { postSlugOf } from "@/packages/script-tag/src/config";

describe("the script tag finds the post a page shows", () => {
  it("is the last path segment under the posts prefix, whatever the static site generator's file layout", () => {
    expect(postSlugOf("/posts/my-post/", "/posts/")).toBe("my-post");
    expect(postSlugOf("/posts/my-post", "/posts/")).toBe("my-post");
    expect(postSlugOf("/posts/my-post.html", "/posts/")).toBe("my-post");
    expect(postSlugOf("/posts/my-post/index.html", "/posts/")).toBe("my-post");
    expect(postSlugOf("/blog/2024/05/01/my-post.html", "/blog/")).toBe("my-post");
  });

  it("is no post off the prefix, on the prefix itself, or for a segment that is no slug", () => {
    for (const path of ["/", "/about/", "/posts/", "/posts/index.html", "/posts/My_Post/", "/posts/-x-/", "/postsx/my-post/"]) {
      expect(postSlugOf(path, "/posts/"), path).toBeNull();
    }
  });
});
