"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useState } from "react";
import { announceIdentityChange } from "@/hooks/identity-events";
import { RETURN_PARAM, safeReturnPath } from "@/lib/return-path";
import { loadAuthClient } from "./auth-client";

interface Props {
  demoEnabled: boolean;
  githubEnabled: boolean;
  onSignedIn?: () => void;
  /** On /signin: once signed in, go back to the page the query names (else home). Elsewhere: stay. */
  returnAfterSignIn?: boolean;
}

/** Where /signin goes once signed in: the page that sent the person here, if it is one of ours. */
const returnPath = () => safeReturnPath(new URLSearchParams(window.location.search).get(RETURN_PARAM)) ?? "/";

/**
 * Demo sign-in happens in place (no page load): the session cookie is set, server
 * components refresh, and the presence sockets reconnect as the signed-in person.
 */
export function SignInOptions({ demoEnabled, githubEnabled, onSignedIn, returnAfterSignIn = false }: Props) {
  const router = useRouter();
  // /signin shows these options twice once the header's sign-in is open: each input its own id.
  const inputId = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Shown means someone is about to sign in: fetch next-auth's client now, not at submit.
  useEffect(() => void loadAuthClient(), []);

  const onDemoSignIn = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { signIn } = await loadAuthClient();
    const result = await signIn("demo", { name, redirect: false });
    setBusy(false);
    if (!result || result.error) {
      setError("Pick a display name of 1 to 40 characters.");
      return;
    }
    onSignedIn?.();
    // The header lives in the layout, which a navigation keeps: the refresh, queued after the
    // navigation, renders it anew (signed in) at the page gone back to.
    if (returnAfterSignIn) router.replace(returnPath());
    router.refresh();
    announceIdentityChange();
  };
  // Auth.js returns to this page by default; /signin asks it for the page the person came from.
  const onGitHubSignIn = async () => (await loadAuthClient()).signIn("github", returnAfterSignIn ? { redirectTo: returnPath() } : undefined);

  return (
    <div className="sign-in-options">
      {demoEnabled && (
        <form onSubmit={onDemoSignIn} className="demo-sign-in">
          <label htmlFor={inputId}>Display name</label>
          <input
            id={inputId}
            data-testid="demo-name-input"
            value={name}
            maxLength={40}
            required
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button" data-testid="demo-sign-in" disabled={busy}>
            Sign in
          </button>
          {error && <p role="alert">{error}</p>}
        </form>
      )}
      {githubEnabled && (
        <button type="button" className="button" data-testid="github-sign-in" onClick={onGitHubSignIn}>
          Sign in with GitHub
        </button>
      )}
      {!demoEnabled && !githubEnabled && <p>Sign-in is not configured on this site.</p>}
    </div>
  );
}
