import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { type FrontMatter, parseFrontMatter } from "./front-matter";
import { readingMinutes } from "./reading-time";

export const POSTS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "content/posts");

export interface PostSource extends FrontMatter {
  slug: string;
  readingMinutes: number;
  markdown: string;
}

export async function loadPostSources(dir = POSTS_DIR): Promise<PostSource[]> {
  const files = (await readdir(dir)).filter((name) => /\.mdx?$/.test(name));
  const posts = await Promise.all(
    files.map(async (fileName) => {
      const { data, content } = matter(await readFile(path.join(dir, fileName), "utf8"));
      const frontMatter = parseFrontMatter(fileName, data);
      return { ...frontMatter, slug: fileName.replace(/\.mdx?$/, ""), readingMinutes: readingMinutes(content), markdown: content };
    }),
  );
  return posts.sort((a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug));
}
