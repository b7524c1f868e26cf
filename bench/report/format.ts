// Number formatting for the results page.

export const thousands = (value: number) => Math.round(value).toLocaleString("en-US");

export function bytes(value: number): string {
  if (Math.abs(value) >= 2 ** 30) return `${(value / 2 ** 30).toFixed(1)} GiB`;
  if (Math.abs(value) >= 2 ** 20) return `${(value / 2 ** 20).toFixed(1)} MiB`;
  if (Math.abs(value) >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${Math.round(value)} B`;
}

export const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${thousands(value)} ms`);

/** "12× fewer" when `ours` is the smaller, "0.5× (more)" when it is not. */
export function ratio(baseline: number, ours: number, fewer = "fewer"): string {
  if (ours <= 0 || baseline <= 0) return "n/a";
  const factor = baseline / ours;
  return factor >= 1 ? `${factor >= 10 ? Math.round(factor) : factor.toFixed(1)}× ${fewer}` : `${(ours / baseline).toFixed(1)}× more`;
}

export const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : "n/a");
