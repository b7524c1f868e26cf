import type { Connection } from "partyserver";
import type { Settings } from "../config/settings";
import { viewerOf, type RoomState } from "./room-admission";
import { crowdFrame, lookFor, type RoomPicture, snapshotFrame, type Viewer } from "./room-frames";
import type { RoomMode } from "./room-pace";
import type { Placement, RoomReaders } from "./room-readers";
import type { RoomRelays } from "./room-relays";
import { RollingFanout } from "./rolling-fanout";

/** A socket of the room, wherever it sits: what it may see, and how a frame reaches it. */
interface Addressee {
  viewer: Viewer;
  counted: boolean;
  deliver: (frame: string) => void;
}

export interface RoomSocketsHost {
  readers: RoomReaders;
  relays: RoomRelays;
  settings: Settings;
  /** The sockets the room's own object holds, by id. */
  local: () => ReadonlyMap<string, Connection<RoomState>>;
  mode: () => RoomMode;
  /** How often readers may send their progress, as the frames tell them. */
  pace: () => number;
  /** The crowd tick: one round of crowd frames to the room's own sockets. */
  tickMs: () => number;
}

/**
 * The room's sockets, wherever they sit (the room's own object, or one of its relays): how each
 * is placed (its attachment), and how snapshots, rail diffs and crowd frames reach it. The room
 * decides what they are told; this says how.
 */
export class RoomSockets {
  private readonly fanout: RollingFanout<Connection<RoomState>>;

  constructor(private readonly host: RoomSocketsHost) {
    this.fanout = new RollingFanout({
      sockets: host.local,
      roundMs: host.tickMs,
      send: (connection, frameFor) => {
        const state = connection.state as RoomState | null;
        if (!state) return;
        const viewer = viewerOf(state.identity, host.settings);
        const crowd = frameFor(() => host.readers.crowdView(), "view");
        sendQuietly(connection, frameFor(() => crowdFrame(crowd, viewer, host.pace()), viewer));
      },
    });
  }

  /** Every socket of the room, here and in its relays. */
  ids(): string[] {
    return [...this.host.local().keys(), ...this.host.relays.ids()];
  }

  /**
   * The sockets of a reader keep where the room placed them (in their attachments, here or in a
   * relay: look, showing time, the visit so far), so a woken room shows them the same and resumes
   * the visit: the socket that joined or changed (if any), and the reader's others; when the look
   * changed, those learn whether they are shown (`you`) from a fresh snapshot.
   */
  place(connectionId: string | null, { siblings, restyled, ...place }: Placement): void {
    for (const id of connectionId ? [connectionId, ...siblings] : siblings) {
      const connection = this.host.local().get(id);
      const state = connection?.state as RoomState | null | undefined;
      if (connection && state) connection.setState({ ...state, placed: place });
      else this.host.relays.placed(id, place);
    }
    if (restyled) for (const id of siblings) this.snapshot(id);
  }

  /** The room as this socket's reader sees it now. */
  snapshot(connectionId: string): void {
    const addressee = this.addresseeOf(connectionId);
    if (!addressee) return;
    const { readers } = this.host;
    const placement = readers.readerOf(connectionId);
    if (!placement && addressee.counted) return;
    const { viewer, counted } = addressee;
    const you = placement?.shown ? lookFor(placement.appearance, viewer).id : null;
    const picture: RoomPicture = this.host.mode() === "rail" ? { mode: "rail", shown: readers.shown() } : { mode: "crowd", crowd: readers.crowdView() };
    addressee.deliver(snapshotFrame(picture, viewer, { you, counted }, { count: readers.count, sendEveryMs: this.host.pace() }));
    if (picture.mode === "crowd") this.fanout.caughtUp(connectionId);
  }

  /** A rail diff: one frame per kind of viewer, to this object's sockets, and once to each relay for its own. */
  diff(frameFor: (viewer: Viewer) => string): void {
    const frames = new Map<Viewer, string>();
    const frameOf = (viewer: Viewer) => {
      let frame = frames.get(viewer);
      if (frame === undefined) frames.set(viewer, (frame = frameFor(viewer)));
      return frame;
    };
    for (const connection of this.host.local().values()) {
      const state = connection.state as RoomState | null;
      if (state) sendQuietly(connection, frameOf(viewerOf(state.identity, this.host.settings)));
    }
    this.host.relays.broadcast(frameOf, { whole: false });
  }

  /** A crowd tick: each relay gets the view for its sockets, and this object's sockets their turns. */
  crowd(): void {
    const crowd = this.host.readers.crowdView();
    const pace = this.host.pace();
    this.host.relays.broadcast((viewer) => crowdFrame(crowd, viewer, pace), { whole: true });
    this.fanout.news();
  }

  /** Something others see changed: in the crowd view, this object's sockets get it at their next turn. */
  news(): void {
    if (this.host.mode() === "crowd") this.fanout.news();
  }

  /** The room left the crowd view: no more crowd rounds. */
  stopCrowd(): void {
    this.fanout.stop();
  }

  forget(connectionId: string): void {
    this.fanout.forget(connectionId);
  }

  /**
   * A delivery to a relay failed (the relay was busy or restarting): its sockets are told again
   * how they appear, and get a fresh snapshot, so nothing lost on the way stays lost.
   */
  resync(seat: number): void {
    for (const id of this.host.relays.seats.idsAt(seat)) {
      const place = this.host.readers.placedAs(id);
      if (place) this.host.relays.placed(id, place);
      this.snapshot(id);
    }
  }

  private addresseeOf(connectionId: string): Addressee | null {
    const connection = this.host.local().get(connectionId);
    const state = connection?.state as RoomState | null | undefined;
    if (connection && state) {
      return { viewer: viewerOf(state.identity, this.host.settings), counted: state.identity.counted, deliver: (frame) => sendQuietly(connection, frame) };
    }
    const remote = this.host.relays.seats.get(connectionId);
    return remote ? { viewer: remote.viewer, counted: remote.counted, deliver: (frame) => this.host.relays.snapshot(remote, frame) } : null;
  }
}

/** To a socket that may have closed meanwhile: it just misses the frame (its departure is on its way). */
export function sendQuietly(connection: Connection, frame: string): void {
  try {
    connection.send(frame);
  } catch {
    // Closed.
  }
}
