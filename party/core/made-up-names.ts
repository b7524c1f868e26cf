// Friendly made-up names ("Quiet Otter") for readers who aren't shown by name. Drawn at random
// from the platform's CSPRNG: nothing in them comes from who the reader is.

const ADJECTIVES = [
  "Curious", "Quiet", "Bright", "Gentle", "Swift", "Patient", "Bold", "Calm", "Clever", "Cheerful", "Keen", "Lucky",
  "Merry", "Nimble", "Sunny", "Witty", "Brave", "Eager", "Jolly", "Kind", "Lively", "Plucky", "Steady", "Wise",
] as const;
const ANIMALS = [
  "Otter", "Heron", "Fox", "Lynx", "Panda", "Owl", "Badger", "Dolphin", "Falcon", "Koala", "Marten", "Puffin",
  "Raven", "Seal", "Tapir", "Wren", "Beaver", "Crane", "Gecko", "Hare", "Ibis", "Lemur", "Moose", "Stoat",
] as const;

/** A made-up name from two random bytes. */
export function madeUpName(bytes: Uint8Array = crypto.getRandomValues(new Uint8Array(2))): string {
  return `${ADJECTIVES[(bytes[0] ?? 0) % ADJECTIVES.length]} ${ANIMALS[(bytes[1] ?? 0) % ANIMALS.length]}`;
}
