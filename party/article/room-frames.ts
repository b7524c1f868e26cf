// The frames a room sends, per kind of viewer: those who may see names (everyone, unless the
// owner limited names to signed-in readers) get visible people's own looks; the others get
// each visible person's made-up alias for the visit.
import type { ArticleServerMessage, Reader } from "../shared/protocol";
import { ANONYMOUS } from "./looks";
import { DENSITY_SLICES, densityOf, MAX_FACES, type RoomMode } from "./room-pace";
import type { GroupView, RoomDiff } from "./room-readers";

export type Viewer = "named" | "anonymous";

/** A place on the rail to a thousandth: finer than any screen shows, and short on the wire. */
const roundProgress = (progress: number) => Math.round(progress * 1000) / 1000;

export function readerFor({ appearance, progress, active }: GroupView, viewer: Viewer): Reader {
  const look = viewer === "anonymous" && appearance.alias ? appearance.alias : appearance.look;
  return { id: look.id, label: look.label, color: look.color, image: look.image, progress: roundProgress(progress), active };
}

const isNamed = (view: GroupView, viewer: Viewer) =>
  view.appearance.kind !== ANONYMOUS && (viewer === "named" || view.appearance.alias === null);

/** The few visible people the crowd view names. */
export const facesOf = (shown: GroupView[], viewer: Viewer): Reader[] =>
  shown.filter((view) => isNamed(view, viewer)).slice(0, MAX_FACES).map((view) => readerFor(view, viewer));

export interface RoomFigures {
  count: number;
  sendEveryMs: number;
}

const encode = (message: ArticleServerMessage) => JSON.stringify(message);

export function snapshotFrame(
  shown: GroupView[],
  mode: RoomMode,
  viewer: Viewer,
  { you, counted }: { you: string | null; counted: boolean },
  { count, sendEveryMs }: RoomFigures,
): string {
  const readers = mode === "rail" ? shown.map((view) => readerFor(view, viewer)) : facesOf(shown, viewer);
  const density = mode === "crowd" ? densityOf(shown.map((view) => view.progress)) : [];
  return encode({ type: "room-snapshot", mode, you, counted, count, sendEveryMs, readers, density });
}

export function diffFrame(diff: RoomDiff, viewer: Viewer, count: number, sendEveryMs: number | undefined): string {
  const lookOf = (appearance: GroupView["appearance"]) => (viewer === "anonymous" && appearance.alias ? appearance.alias : appearance.look);
  return encode({
    type: "room-diff",
    upserts: diff.upserts.map((view) => readerFor(view, viewer)),
    moved: Object.fromEntries(diff.moved.map((view) => [lookOf(view.appearance).id, roundProgress(view.progress)])),
    removed: diff.removed.map((appearance) => lookOf(appearance).id),
    count,
    ...(sendEveryMs === undefined ? {} : { sendEveryMs }),
  });
}

export function crowdFrame(shown: GroupView[], viewer: Viewer, { count, sendEveryMs }: RoomFigures): string {
  const density = densityOf(shown.map((view) => view.progress), DENSITY_SLICES);
  return encode({ type: "room-crowd", count, sendEveryMs, density, faces: facesOf(shown, viewer) });
}
