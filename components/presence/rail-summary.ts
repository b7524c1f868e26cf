import type { Reader } from "../../party/shared/protocol";

const readers = (count: number) => `${count.toLocaleString("en")} ${count === 1 ? "reader" : "readers"}`;

/**
 * What the rail shows, in words, for screen readers (the markers themselves are decoration):
 * "Reading progress: 3 readers here, 2 of them past the middle; you are 40% of the way down."
 */
export function railSummary({
  mode,
  count,
  density,
  others,
  selfProgress,
}: {
  mode: "rail" | "crowd";
  count: number;
  density: number[];
  others: Pick<Reader, "progress">[];
  selfProgress: number;
}): string {
  const you = `you are ${Math.round(selfProgress * 100)}% of the way down`;
  if (count <= 1) return `Reading progress: only you are reading this post; ${you}.`;
  const pastMiddle =
    mode === "crowd"
      ? density.slice(Math.ceil(density.length / 2)).reduce((sum, slice) => sum + slice, 0)
      : others.filter((reader) => reader.progress >= 0.5).length + (selfProgress >= 0.5 ? 1 : 0);
  const past = pastMiddle === 0 ? "none of them past the middle yet" : `${pastMiddle.toLocaleString("en")} of them past the middle`;
  return `Reading progress: ${readers(count)} here, ${past}; ${you}.`;
}
