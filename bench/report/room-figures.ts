// The per-reader figures of one room run, as the results page and the model use them.
import type { RoomRow } from "../compare/results";
import type { RoomScrollResult } from "../load/jobs";

export interface RoomFigures {
  framesPerReaderSecond: number;
  bytesPerReaderSecond: number;
  /** The server's CPU milliseconds per 1,000 delivered updates. */
  serverMsPerThousand: number | null;
  /** CPU seconds of the server per reader per second of scrolling (for the model). */
  serverCoresPerReader: number;
  countsExact: boolean;
}

/** A run that finished: it has a result and did not stop (a stopped run's figures measure a backlog). */
export function finished(row: RoomRow | undefined): RoomScrollResult | null {
  return row?.result && row.stopped === null ? row.result : null;
}

export function roomFigures(result: RoomScrollResult): RoomFigures {
  const readerSeconds = result.readers * result.scrollSeconds;
  const cpuMs = (share: number) => share * result.cpu.seconds * 1000;
  const perThousand = (share: number) => (result.delivered > 0 ? (cpuMs(share) * 1000) / result.delivered : null);
  return {
    framesPerReaderSecond: result.messages / readerSeconds,
    bytesPerReaderSecond: result.bytes / readerSeconds,
    serverMsPerThousand: perThousand(result.cpu.server),
    serverCoresPerReader: (result.cpu.server * result.cpu.seconds) / readerSeconds,
    countsExact: result.countsExact === result.readers,
  };
}
