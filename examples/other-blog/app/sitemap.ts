import type { MetadataRoute } from "next";
import { getPosts } from "../posts";
import { siteUrl } from "../presence-config";

// Read at request time: the presence worker learns this blog's rooms from here (docs/embedding.md).
export const dynamic = "force-dynamic";

/** This blog's pages; its posts live at /blog/<slug> (the worker's SITE_POST_PATHS says so). */
export default function sitemap(): MetadataRoute.Sitemap {
  const site = siteUrl();
  return [{ url: `${site}/` }, ...getPosts().map((post) => ({ url: `${site}/blog/${post.slug}` }))];
}
