"use client";
import { useState, useTransition } from "react";
import { clearAuthorStatusAction, setAuthorStatusAction } from "@/lib/actions/desk";
import type { AuthorStatus } from "@/party/shared/protocol";

const KINDS = [
  { kind: "writing", label: "Writing", emoji: "✍️" },
  { kind: "reading", label: "Reading", emoji: "📖" },
  { kind: "away", label: "Away", emoji: "🌙" },
  { kind: "custom", label: "Something else", emoji: "" },
] as const;

/** The author's status every reader sees in the header, with how long it lasts. */
export function AuthorStatusForm({ current }: { current: AuthorStatus | null }) {
  const [kind, setKind] = useState<(typeof KINDS)[number]["kind"]>("writing");
  const [text, setText] = useState("");
  const [emoji, setEmoji] = useState("");
  const [minutes, setMinutes] = useState(60);
  const [message, setMessage] = useState<string | null>(current ? `Now: the author ${current.text}.` : null);
  const [pending, start] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    start(async () => {
      const chosen = KINDS.find((entry) => entry.kind === kind)!;
      const result = await setAuthorStatusAction({ kind, text, emoji: emoji || chosen.emoji || undefined, forMinutes: minutes });
      setMessage("error" in result ? result.error : `Set for ${minutes} minutes.`);
    });
  };
  const clear = () =>
    start(async () => {
      const result = await clearAuthorStatusAction();
      setMessage("error" in result ? result.error : "Cleared.");
    });

  return (
    <form className="desk-form" onSubmit={submit} aria-labelledby="author-status-title">
      <h2 id="author-status-title">Your status</h2>
      <fieldset>
        <legend>What readers see in the header</legend>
        {KINDS.map((entry) => (
          <label key={entry.kind} className="desk-choice">
            <input type="radio" name="kind" value={entry.kind} checked={kind === entry.kind} onChange={() => setKind(entry.kind)} />
            {entry.emoji} {entry.label}
          </label>
        ))}
      </fieldset>
      <label>
        {kind === "away" ? "Until (e.g. until 18:00)" : "In your words"}
        <input data-testid="author-status-text" value={text} maxLength={60} onChange={(event) => setText(event.target.value)} />
      </label>
      <label>
        Emoji
        <input data-testid="author-status-emoji" value={emoji} maxLength={8} onChange={(event) => setEmoji(event.target.value)} />
      </label>
      <label>
        For how many minutes
        <input data-testid="author-status-minutes" type="number" min={1} max={10080} value={minutes} onChange={(event) => setMinutes(Number(event.target.value))} />
      </label>
      <div className="desk-form-actions">
        <button type="submit" className="button" disabled={pending} data-testid="author-status-set">
          Set status
        </button>
        <button type="button" className="button button--quiet" disabled={pending} onClick={clear}>
          Clear
        </button>
      </div>
      <p role="status" data-testid="author-status-message">
        {message}
      </p>
    </form>
  );
}
