import type { Reader } from "../../party/shared/protocol";

const readers = (count: number) => `${count.toLocaleString("en")} ${count === 1 ? "reader" : "readers"}`;

/** What the rail shows, in words: "3 readers: 2 past the middle; you are 40 % down." */
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
  const pastMiddle =
    mode === "crowd"
      ? density.slice(Math.ceil(density.length / 2)).reduce((sum, slice) => sum + slice, 0)
      : others.filter((reader) => reader.progress >= 0.5).length + (selfProgress >= 0.5 ? 1 : 0);
  return `${readers(count)}: ${pastMiddle.toLocaleString("en")} past the middle; you are ${Math.round(selfProgress * 100)} % down.`;
}
