import type { Appearance } from "./looks";
import type { RelayReport, RemoteSocket } from "./relay-wire";

/**
 * What a relay has yet to tell its room, gathered between reports: sockets that came and went,
 * the last place and activity of each that moved, looks that changed. Reports are numbered per
 * instance of the relay (a relay that restarted is a new instance), and the first one of an
 * instance, or the one after the room lost track, is the whole state instead of the changes.
 */
export class RelayOutbox {
  private readonly instance = crypto.randomUUID();
  private seq = 0;
  private full = true;
  private joins = new Map<string, RemoteSocket>();
  private moves = new Map<string, { progress: number; at: number }>();
  private activities = new Map<string, { active: boolean; at: number }>();
  private restates = new Map<string, Appearance>();
  private leaves = new Map<string, number>();

  /** The last report sent: a room that pulls the whole state skips it and older ones. */
  get sent(): { instance: string; seq: number } {
    return { instance: this.instance, seq: this.seq };
  }

  /** Whether anything waits to be told. */
  get waiting(): boolean {
    return this.full || this.joins.size + this.moves.size + this.activities.size + this.restates.size + this.leaves.size > 0;
  }

  join(socket: RemoteSocket): void {
    this.joins.set(socket.id, socket);
  }

  move(id: string, progress: number, at: number): void {
    this.moves.set(id, { progress, at });
  }

  activity(id: string, active: boolean, at: number): void {
    this.activities.set(id, { active, at });
  }

  restate(id: string, wanted: Appearance): void {
    this.restates.set(id, wanted);
  }

  leave(id: string, at: number): void {
    this.leaves.set(id, at);
  }

  /** The next report should be the whole state (the relay started, or the room asked, or a report may be lost). */
  resend(): void {
    this.full = true;
  }

  /** The next report, taking what waits; `everyone` gives the whole state when one is due. */
  take(everyone: () => RemoteSocket[]): RelayReport {
    const report: RelayReport = this.full
      ? { instance: this.instance, seq: this.seq + 1, full: true, joins: everyone(), moves: [], activity: [], restates: [], leaves: [] }
      : {
          instance: this.instance,
          seq: this.seq + 1,
          full: false,
          joins: [...this.joins.values()],
          moves: [...this.moves].map(([id, { progress, at }]) => ({ id, progress, at })),
          activity: [...this.activities].map(([id, { active, at }]) => ({ id, active, at })),
          restates: [...this.restates].map(([id, wanted]) => ({ id, wanted })),
          leaves: [...this.leaves].map(([id, at]) => ({ id, at })),
        };
    this.full = false;
    this.joins = new Map();
    this.moves = new Map();
    this.activities = new Map();
    this.restates = new Map();
    this.leaves = new Map();
    return report;
  }

  sentOk(seq: number): void {
    this.seq = Math.max(this.seq, seq);
  }
}
