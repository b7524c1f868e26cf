import { z } from "zod";

const frontMatterSchema = z.object({
  title: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD"),
  summary: z.string().min(1),
  tags: z.array(z.string().min(1)).default([]),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** Validates a post's front matter; the error names the file and every problem. */
export function parseFrontMatter(fileName: string, data: unknown): FrontMatter {
  const parsed = frontMatterSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "front matter"}: ${issue.message}`);
  throw new Error(`content/posts/${fileName}: invalid front matter (${problems.join("; ")})`);
}
