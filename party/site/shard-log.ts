import { madeUpName } from "../core/made-up-names";
import type { DeskLogEntry } from "../shared/protocol";

/** Who a log line is about: a visible person by name, or a reader shown under a made-up name. Hidden people: no line. */
export type LogSubject = { name: string; named: boolean } | null;

/** Lines kept between two reports to the lobby at most (a burst beyond this keeps the newest). */
const MAX_PENDING = 200;

/**
 * What happened in this shard, for the owner's live log: a reader arrived, opened a post, left.
 * Anonymous readers get a made-up name of their own for the visit (not their look on any rail),
 * visible people their name; hidden people never appear.
 */
export class ShardLog {
  private readonly labels = new Map<string, string>();
  private readonly posts = new Map<string, string | null>();
  private pending: DeskLogEntry[] = [];

  /** The subject of an anonymous reader, under the made-up name of this visit. */
  anonymous(readerKey: string): LogSubject {
    let label = this.labels.get(readerKey);
    if (!label) this.labels.set(readerKey, (label = madeUpName()));
    return { name: label, named: false };
  }

  arrived(subject: LogSubject, at: number): void {
    if (subject) this.push({ at, kind: "arrived", who: subject.name, named: subject.named, post: null });
  }

  /** Returns whether a line was added (the lobby should hear of it). */
  reading(readerKey: string, subject: LogSubject, post: string | null, at: number): boolean {
    if (!subject || post === null || this.posts.get(readerKey) === post) return false;
    this.posts.set(readerKey, post);
    this.push({ at, kind: "reading", who: subject.name, named: subject.named, post });
    return true;
  }

  left(readerKey: string, subject: LogSubject, at: number): void {
    this.labels.delete(readerKey);
    this.posts.delete(readerKey);
    if (subject) this.push({ at, kind: "left", who: subject.name, named: subject.named, post: null });
  }

  take(): DeskLogEntry[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  private push(entry: DeskLogEntry): void {
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
  }
}
