import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { env } from "@/lib/env";
import { loadPostSources } from "@/lib/posts/load";

/**
 * The blog's sitemap, read from content/posts at request time: the presence worker learns from it
 * which posts have live rooms (party/catalog/), so a post published is a post with a room, with
 * no worker deploy (docs/deploy.md).
 */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  const site = env.SITE_URL.replace(/\/$/, "");
  const posts = await loadPostSources();
  return [{ url: `${site}/` }, ...posts.map((post) => ({ url: `${site}/posts/${post.slug}`, lastModified: post.date }))];
}
