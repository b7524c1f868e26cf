/** A uniformly random whole number of milliseconds in [min, max], from the platform's CSPRNG. */
export function randomDelayMs({ minDelayMs, maxDelayMs }: { minDelayMs: number; maxDelayMs: number }): number {
  const [value = 0] = crypto.getRandomValues(new Uint32Array(1));
  return minDelayMs + Math.floor((value / 2 ** 32) * (maxDelayMs - minDelayMs + 1));
}
