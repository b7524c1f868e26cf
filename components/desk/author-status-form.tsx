"use client";
import { useState, useTransition } from "react";
import { clearAuthorStatusAction, setAuthorStatusAction } from "@/lib/actions/desk";
import type { AuthorStatus } from "@/party/shared/protocol";

// Each kind's emoji is what readers see when the field is left empty; the choices are words, so
// the form reads the same on a machine without an emoji font.
const KINDS = [
  { kind: "writing", label: "Writing", emoji: "✍️" },
  { kind: "reading", label: "Reading", emoji: "📖" },
  { kind: "away", label: "Away", emoji: "🌙" },
  { kind: "custom", label: "Something else", emoji: "" },
] as const;
type Kind = (typeof KINDS)[number]["kind"];

const minutesText = (count: number) => `${count} ${count === 1 ? "minute" : "minutes"}`;
const clockTime = (at: number) => new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** The form as the status on file fills it: its kind, its words, its own emoji, the minutes it has left. */
function fromCurrent(current: AuthorStatus | null, minutesLeft: number | null) {
  if (!current || minutesLeft === null) return { kind: "writing" as Kind, text: "", emoji: "", minutes: 60, message: null };
  const own = KINDS.find((entry) => entry.kind === current.kind)!;
  const text = current.kind === "custom" ? current.text : current.kind === "away" ? current.text.replace(/^is away ?/, "") : "";
  return {
    kind: current.kind,
    text,
    emoji: current.emoji && current.emoji !== own.emoji ? current.emoji : "",
    minutes: minutesLeft,
    message: `Now: the author ${current.text}, until ${clockTime(current.until)} UTC (${minutesText(minutesLeft)} left).`,
  };
}

/**
 * The author's status every reader sees in the header, with how long it lasts. `minutesLeft` is
 * the status' time left as the server rendered the page (whole minutes, rounded up).
 */
export function AuthorStatusForm({ current, minutesLeft }: { current: AuthorStatus | null; minutesLeft: number | null }) {
  const [initial] = useState(() => fromCurrent(current, minutesLeft));
  const [kind, setKind] = useState<Kind>(initial.kind);
  const [text, setText] = useState(initial.text);
  const [emoji, setEmoji] = useState(initial.emoji);
  const [minutes, setMinutes] = useState(initial.minutes);
  const [message, setMessage] = useState<string | null>(initial.message);
  const [pending, start] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    start(async () => {
      const chosen = KINDS.find((entry) => entry.kind === kind)!;
      const result = await setAuthorStatusAction({ kind, text, emoji: emoji || chosen.emoji || undefined, forMinutes: minutes });
      setMessage("error" in result ? result.error : `Set for ${minutesText(minutes)}.`);
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
            {entry.label}
          </label>
        ))}
      </fieldset>
      <label>
        {kind === "away" ? "Until (e.g. until 18:00)" : "In your words"}
        <input data-testid="author-status-text" value={text} maxLength={60} onChange={(event) => setText(event.target.value)} />
      </label>
      <label>
        Emoji (optional; left empty, readers see a pen for writing, a book for reading, a moon for away)
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
