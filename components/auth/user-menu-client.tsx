"use client";
import { AppLink } from "@/components/blog/app-link";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useId, useRef, useState } from "react";
import { ListingHoldNote } from "@/components/presence/listing-hold-note";
import { announceIdentityChange } from "@/hooks/identity-events";
import { loadAuthClient } from "./auth-client";
import { SignInOptions } from "./sign-in-options";

interface Props {
  user: { name: string; image: string | null; owner: boolean } | null;
  demoEnabled: boolean;
  githubEnabled: boolean;
}

export function UserMenuClient({ user, demoEnabled, githubEnabled }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const popoverId = useId();

  // A disclosure: Escape closes it from anywhere inside and gives focus back to its button.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !open) return;
    event.preventDefault();
    setOpen(false);
    button.current?.focus();
  };

  if (!user) {
    return (
      <div className="user-menu" onKeyDown={onKeyDown}>
        <button
          ref={button}
          type="button"
          className="button"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
          aria-controls={open ? popoverId : undefined}
        >
          Sign in
        </button>
        {open && (
          <div className="user-menu-popover" id={popoverId}>
            <SignInOptions demoEnabled={demoEnabled} githubEnabled={githubEnabled} onSignedIn={() => setOpen(false)} />
          </div>
        )}
      </div>
    );
  }

  const onSignOut = async () => {
    const { signOut } = await loadAuthClient();
    await signOut({ redirect: false });
    router.refresh();
    announceIdentityChange();
  };

  return (
    <div className="user-menu">
      {user.image && (
        // eslint-disable-next-line @next/next/no-img-element -- avatars come from the sign-in provider's host
        <img className="person-avatar" src={user.image} alt="" width={28} height={28} />
      )}
      <span className="user-menu-name" data-testid="user-menu-name">
        {user.name}
      </span>
      <ListingHoldNote />
      {user.owner && <AppLink href="/desk">Desk</AppLink>}
      <AppLink href="/settings">Settings</AppLink>
      <button type="button" className="button button--quiet" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
