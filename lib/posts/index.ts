import "server-only";
import { cacheLife } from "next/cache";
import { loadPostSources } from "./load";
import { renderMarkdown } from "./render";

export interface PostSummary {
  slug: string;
  title: string;
  date: string;
  summary: string;
  tags: string[];
  readingMinutes: number;
}

export interface Post extends PostSummary {
  html: string;
}

/** All posts, newest first. Read and cached at build time. */
export async function getAllPosts(): Promise<PostSummary[]> {
  "use cache";
  cacheLife("max");
  return (await loadPostSources()).map(toSummary);
}

/** One post with its rendered HTML, or null for an unknown slug. */
export async function getPost(slug: string): Promise<Post | null> {
  "use cache";
  cacheLife("max");
  const source = (await loadPostSources()).find((post) => post.slug === slug);
  if (!source) return null;
  return { ...toSummary(source), html: await renderMarkdown(source.markdown) };
}

function toSummary({ slug, title, date, summary, tags, readingMinutes }: PostSummary): PostSummary {
  return { slug, title, date, summary, tags, readingMinutes };
}
