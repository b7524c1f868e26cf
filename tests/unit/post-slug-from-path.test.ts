import { describe, expect, it } from "vitest";
import { postSlugFromPath } from "@/components/presence/post-slug-from-path";

describe("which post a page shows", () => {
  it("is the slug after the blog's post prefix", () => {
    expect(postSlugFromPath("/posts/how-live-presence-works", "/posts/")).toBe("how-live-presence-works");
    expect(postSlugFromPath("/posts/how-live-presence-works/", "/posts/")).toBe("how-live-presence-works");
    expect(postSlugFromPath("/blog/hello-world", "/blog/")).toBe("hello-world");
  });

  it("is none elsewhere", () => {
    expect(postSlugFromPath("/", "/posts/")).toBeNull();
    expect(postSlugFromPath("/posts/", "/posts/")).toBeNull();
    expect(postSlugFromPath("/posts/a/comments", "/posts/")).toBeNull();
    expect(postSlugFromPath("/blog/hello-world", "/posts/")).toBeNull();
    expect(postSlugFromPath("/posts/Not_A_Slug", "/posts/")).toBeNull();
  });
});
