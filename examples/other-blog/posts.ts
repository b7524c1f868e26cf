import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";

// This blog's own posts: content/<slug>.md with a title in the front matter, read at request
// time. The presence worker learns the slugs from this blog's sitemap (app/sitemap.ts).

export interface Post {
  slug: string;
  title: string;
  paragraphs: string[];
}

const contentDir = path.join(process.cwd(), "content");

function readPost(file: string): Post {
  const { data, content } = matter(readFileSync(path.join(contentDir, file), "utf8"));
  return {
    slug: file.replace(/\.md$/, ""),
    title: String(data.title),
    paragraphs: content.split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean),
  };
}

export function getPosts(): Post[] {
  return readdirSync(contentDir)
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map(readPost);
}

export function getPost(slug: string): Post | undefined {
  return getPosts().find((post) => post.slug === slug);
}
