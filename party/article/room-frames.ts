// The frames a room sends, per kind of viewer: those who may see names (everyone, unless the
// owner limited names to signed-in readers) get visible people's own looks; the others get
// each visible person's made-up alias for the visit.
import type { ArticleServerMessage, Reader } from "../shared/protocol";
import { ANONYMOUS } from "./looks";
import { MAX_FACES, type RoomMode } from "./room-pace";
import type { CrowdView, GroupView, RoomDiff } from "./room-readers";

export type Viewer = "named" | "anonymous";

/** A place on the rail to a thousandth: finer than any screen shows, and short on the wire. */
const roundProgress = (progress: number) => Math.round(progress * 1000) / 1000;

/** The look a viewer sees of a reader: a visible person's alias when the viewer may not see names. */
export const lookFor = (appearance: GroupView["appearance"], viewer: Viewer) => (viewer === "anonymous" && appearance.alias ? appearance.alias : appearance.look);

export function readerFor({ appearance, progress, active }: GroupView, viewer: Viewer): Reader {
  const look = lookFor(appearance, viewer);
  return { id: look.id, label: look.label, color: look.color, image: look.image, progress: roundProgress(progress), active };
}

const isNamed = (view: GroupView, viewer: Viewer) =>
  view.appearance.kind !== ANONYMOUS && (viewer === "named" || view.appearance.alias === null);

/** The few visible people the crowd view names (from the room's named readers, in arrival order). */
export const facesOf = (named: GroupView[], viewer: Viewer): Reader[] =>
  named.filter((view) => isNamed(view, viewer)).slice(0, MAX_FACES).map((view) => readerFor(view, viewer));

export interface RoomFigures {
  count: number;
  sendEveryMs: number;
}

const encode = (message: ArticleServerMessage) => JSON.stringify(message);

/** What a snapshot shows: every shown reader (the rail), or the crowd view. */
export type RoomPicture = { mode: "rail"; shown: GroupView[] } | { mode: "crowd"; crowd: CrowdView };

export function snapshotFrame(
  picture: RoomPicture,
  viewer: Viewer,
  { you, counted }: { you: string | null; counted: boolean },
  { count, sendEveryMs }: RoomFigures,
): string {
  const mode: RoomMode = picture.mode;
  const readers = picture.mode === "rail" ? picture.shown.map((view) => readerFor(view, viewer)) : facesOf(picture.crowd.named, viewer);
  const density = picture.mode === "crowd" ? picture.crowd.density : [];
  return encode({ type: "room-snapshot", mode, you, counted, count, sendEveryMs, readers, density });
}

export function diffFrame(diff: RoomDiff, viewer: Viewer, count: number, sendEveryMs: number | undefined): string {
  const lookOf = (appearance: GroupView["appearance"]) => lookFor(appearance, viewer);
  return encode({
    type: "room-diff",
    upserts: diff.upserts.map((view) => readerFor(view, viewer)),
    moved: Object.fromEntries(diff.moved.map((view) => [lookOf(view.appearance).id, roundProgress(view.progress)])),
    removed: diff.removed.map((appearance) => lookOf(appearance).id),
    count,
    ...(sendEveryMs === undefined ? {} : { sendEveryMs }),
  });
}

export const movedFrame = (seat: number) => encode({ type: "room-moved", seat });

export function crowdFrame(crowd: CrowdView, viewer: Viewer, sendEveryMs: number): string {
  return encode({ type: "room-crowd", count: crowd.count, sendEveryMs, density: crowd.density, faces: facesOf(crowd.named, viewer) });
}
