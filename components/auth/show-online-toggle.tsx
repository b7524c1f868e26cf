"use client";
import { useEffect, useState, useTransition } from "react";
import { announceIdentityChange } from "@/hooks/identity-events";
import { retryPrivacySyncAction, setShowOnlineAction } from "@/lib/actions/privacy";
import { PRESENCE_TOKEN_MAX_AGE_SECONDS } from "@/party/shared/wire-constants";

/** How long to wait between asks while the live service hasn't heard of the change yet. */
const RETRY_EVERY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

function statusText(showOnline: boolean, everywhere: boolean): string {
  if (everywhere) return showOnline ? "Others can see you online." : "You are hidden.";
  const minutes = Math.round(PRESENCE_TOKEN_MAX_AGE_SECONDS / 60);
  return showOnline
    ? `Saved. Your other open tabs and devices don't know yet (trying again); they will within ${minutes} minutes at the latest.`
    : `Saved, but not everywhere yet: your other open tabs and devices may still show your name (trying again). They will stop within ${minutes} minutes at the latest.`;
}

export function ShowOnlineToggle({ initial, initialEverywhere = true }: { initial: boolean; initialEverywhere?: boolean }) {
  const [showOnline, setShowOnline] = useState(initial);
  const [everywhere, setEverywhere] = useState(initialEverywhere);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  // Until every device has it, ask again, less and less often.
  useEffect(() => {
    if (everywhere) return;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout>;
    const retry = async () => {
      const result = await retryPrivacySyncAction();
      if ("everywhere" in result && result.everywhere) {
        setEverywhere(true);
        return;
      }
      timer = setTimeout(retry, RETRY_EVERY_MS[Math.min(++attempt, RETRY_EVERY_MS.length - 1)]);
    };
    timer = setTimeout(retry, RETRY_EVERY_MS[0]);
    return () => clearTimeout(timer);
  }, [everywhere]);

  const onChange = (next: boolean) => {
    if (pending) return;
    setShowOnline(next);
    setError(null);
    startTransition(async () => {
      const result = await setShowOnlineAction(next);
      if ("error" in result) {
        setShowOnline(!next);
        setError(result.error);
        return;
      }
      setEverywhere(result.everywhere);
      announceIdentityChange();
    });
  };

  return (
    <div className="setting">
      <label className="setting-switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="show-online-toggle"
          checked={showOnline}
          // Not `disabled` while saving: that would drop keyboard focus from the switch just flipped.
          aria-disabled={pending}
          onChange={(event) => onChange(event.target.checked)}
        />
        Show me as online
      </label>
      <p className="setting-help">
        When this is off you are never listed by name: not on /online, not among a post&apos;s readers, not on the
        reading rail. You still count as one anonymous reader, and your &ldquo;last seen&rdquo; time is neither shown
        nor recorded.
      </p>
      <p className="setting-help">
        If you change this while reading a post in another tab, you leave that post&apos;s rail at once. With only a
        few readers there, others could tell that an anonymous newcomer is you, so you appear again only when you next
        open the post; among many readers, after a short random while.
      </p>
      <p className="setting-status" data-testid="show-online-status" data-everywhere={everywhere} aria-live="polite">
        {pending ? "Saving…" : error ? error : statusText(showOnline, everywhere)}
      </p>
    </div>
  );
}
