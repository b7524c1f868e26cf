"use client";
import { useState, useTransition } from "react";
import { announceIdentityChange } from "@/hooks/identity-events";
import { setShowOnlineAction } from "@/lib/actions/privacy";

export function ShowOnlineToggle({ initial }: { initial: boolean }) {
  const [showOnline, setShowOnline] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const onChange = (next: boolean) => {
    setShowOnline(next);
    setError(null);
    startTransition(async () => {
      const result = await setShowOnlineAction(next);
      if ("error" in result) {
        setShowOnline(!next);
        setError(result.error);
        return;
      }
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
          disabled={pending}
          onChange={(event) => onChange(event.target.checked)}
        />
        Show me as online
      </label>
      <p className="setting-help">
        When this is off you are never listed by name: not on /online, not among a post&apos;s readers, not on the
        reading rail. You still count as one anonymous reader, and your &ldquo;last seen&rdquo; time is neither shown
        nor recorded.
      </p>
      <p className="setting-status" data-testid="show-online-status" aria-live="polite">
        {pending ? "Saving…" : error ? error : showOnline ? "Others can see you online." : "You are hidden."}
      </p>
    </div>
  );
}
