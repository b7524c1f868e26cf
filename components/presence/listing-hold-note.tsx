"use client";
import { useSitePresenceStore } from "@/stores/site-presence-store";

/**
 * Whether others' lists don't show you yet: after you signed in or showed yourself mid-visit the
 * worker lists you only after a random few seconds (one moment for all your tabs and devices), so
 * nobody can tell which anonymous reader you were. You are counted all along.
 */
export const useListingHeld = () => useSitePresenceStore((state) => state.listedAt !== null);

/** The header's small note while others don't see you online yet. */
export function ListingHoldNote() {
  const held = useListingHeld();
  if (!held) return null;
  return (
    <span className="listing-hold-note" data-testid="listing-hold-header" role="status">
      Others will see you online in a few seconds
    </span>
  );
}
