export function readingNowText(count: number): string {
  return `${count} reading now`;
}
