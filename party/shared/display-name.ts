// Names people choose (the demo sign-in) or bring (GitHub) are shown to every reader, so they
// are cleaned once, the same way wherever a name enters: no control, format (bidi overrides,
// zero-width) or private-use characters, composed (NFC), single spaces, at most 40 characters.

export const MAX_DISPLAY_NAME_LENGTH = 40;

// Cc control, Cf format (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+FEFF…), Co private
// use, Cs lone surrogates, plus the line and paragraph separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/gu;
const SPACES = /[\s\u3164\u115F\u1160\uFFA0]+/gu;

/** The name as it may be shown, or "" when nothing printable is left. */
export function cleanDisplayName(raw: string): string {
  const cleaned = raw.normalize("NFC").replace(INVISIBLE, "").replace(SPACES, " ").trim();
  return [...cleaned].slice(0, MAX_DISPLAY_NAME_LENGTH).join("").trim();
}

/**
 * Who a name means, however it was typed: cleaned as above, compatibility forms folded (NFKC: a
 * fullwidth or styled letter, a no-break space) and case ignored. "Owner Olive", "owner  olive"
 * and "Ｏwner Olive\u200B" are one key; the demo sign-in's accounts and its owner list compare these.
 */
export function displayNameKey(raw: string): string {
  return cleanDisplayName(cleanDisplayName(raw).normalize("NFKC")).toLowerCase().normalize("NFKC");
}
