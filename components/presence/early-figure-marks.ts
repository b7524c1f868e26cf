// The marks on the server-rendered elements the early painter may fill in (early-figures.ts).

export type EarlyFigure = "site-online" | "site-active" | "room-count";

/** Marks a server-rendered element the painter may change; hydration takes what it shows then. */
export function earlyFigure(figure: EarlyFigure, when = true): { "data-early"?: EarlyFigure; suppressHydrationWarning?: boolean } {
  return when ? { "data-early": figure, suppressHydrationWarning: true } : {};
}
