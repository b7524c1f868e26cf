const WORDS_PER_MINUTE = 230;

/** Minutes to read a Markdown text, at least one. Code counts as words too. */
export function readingMinutes(markdown: string): number {
  const words = markdown.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
