// What a post's room and its relays tell each other (Durable Object RPC inside the worker; no
// client ever sends these). A relay reports its sockets' comings, goings and moves; the room
// counts them with its own, and sends back, in order, what the relay's sockets are to be told.
import type { Appearance } from "./looks";
import type { Viewer } from "./room-frames";
import type { Member, ReaderId, RoomPlace } from "./room-readers";

/** One of a relay's sockets, as the room needs it to count and address it. */
export interface RemoteSocket {
  id: string;
  reader: ReaderId;
  /** false for a socket that counts nowhere (a bot, an owner who excluded themself): it only watches. */
  counted: boolean;
  viewer: Viewer;
  wanted: Appearance;
  member: Member;
  /** Opened because who the reader is changed (see the re-entry rule). */
  reentry: boolean;
  /** How the room placed it, when it already has (the relay or the room woke up since). */
  placed: RoomPlace | null;
  /** It has had its snapshot: the room's frames reach it. */
  welcomed: boolean;
}

/**
 * What changed at a relay since its last report, or, when `full`, every socket it holds (its
 * first report after it started, or after the room lost track): anything missing has left.
 * Reports of one relay instance are numbered, so the room can tell when it missed one.
 */
export interface RelayReport {
  instance: string;
  seq: number;
  full: boolean;
  joins: RemoteSocket[];
  moves: { id: string; progress: number; at: number }[];
  activity: { id: string; active: boolean; at: number }[];
  restates: { id: string; wanted: Appearance }[];
  leaves: { id: string; at: number }[];
}

/** The room's answer: taken, or it lost track of this relay and needs a full report; and how often to report from now on. */
export interface RelayAnswer {
  verdict: "taken" | "send-full";
  reportEveryMs: number;
}

/** What a relay's sockets are to be told, in the order the room decided it. */
export type Delivery =
  /** A frame for one socket; a snapshot also lets the room's broadcasts reach it from now on. */
  | { kind: "frame"; id: string; frame: string; snapshot: boolean }
  /** How the socket's reader appears, for its attachment (so a woken relay reports it the same). */
  | { kind: "placed"; id: string; place: RoomPlace }
  /** A frame for every welcomed socket, by kind of viewer. */
  | { kind: "broadcast"; frames: Partial<Record<Viewer, string>> };

/** A relay's whole state, for a room that just started (woken, or restarted). */
export interface RelayMembers {
  instance: string;
  /** The last report it sent: the room ignores that one and older ones if they arrive later. */
  seq: number;
  sockets: RemoteSocket[];
}
