import rehypeShiki from "@shikijs/rehype";
import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSlug)
  .use(rehypeAutolinkHeadings, {
    behavior: "append",
    properties: { className: ["heading-anchor"], ariaLabel: "Link to this section" },
    content: { type: "text", value: "#" },
  })
  // Highlighted at build time: the page ships coloured HTML and no highlighter. GitHub's
  // "default" themes, not the older github-light/-dark: every colour in them passes WCAG AA
  // (4.5:1) on their own background (the older ones have a 3.5:1 orange, a 3:1 dark grey).
  .use(rehypeShiki, { themes: { light: "github-light-default", dark: "github-dark-default" }, defaultColor: "light" })
  .use(rehypeStringify);

/** Markdown (GitHub-flavoured) to HTML with linkable headings and highlighted code. */
export async function renderMarkdown(markdown: string): Promise<string> {
  return String(await processor.process(markdown));
}
