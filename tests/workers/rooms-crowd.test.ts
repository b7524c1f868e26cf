// A room past LARGE_ROOM_READERS switches to the crowd view (a density strip and a few named
// faces) and back below 80 % of it; counts stay exact and frames stay small however large it is.
import { describe, expect, it } from "vitest";
import { POST, summary, tracked } from "./support/observe";
import { roomViewOf } from "./support/room-view";
import { eventually, openSocket, presenceToken, signedSessionId, type TestSocket } from "./support/sockets";
import { TEST_WORKER_VARS } from "./support/vars";

const LARGE = Number(TEST_WORKER_VARS.LARGE_ROOM_READERS);
const LEAVE_BELOW = Math.floor(LARGE * 0.8);

async function join(options: { userId?: string } = {}): Promise<TestSocket> {
  const sid = await signedSessionId();
  const token = options.userId ? await presenceToken({ sid, userId: options.userId, name: `Named ${options.userId}` }) : undefined;
  const socket = tracked(await openSocket(POST, { sid, token }));
  await socket.next((frame) => frame.type === "room-snapshot");
  return socket;
}

const lastFrameOf = (socket: TestSocket, type: string) => [...socket.frames].reverse().find((frame) => frame.type === type);

describe("the crowd view", () => {
  it("starts above the threshold, with exact counts, a density strip and the visible people, and ends below 80 % of it", async () => {
    const named = [await join({ userId: "crowd-ada" }), await join({ userId: "crowd-bob" })];
    const others: TestSocket[] = [];
    while (named.length + others.length < LARGE) others.push(await join());
    const observer = others[0]!;
    expect(roomViewOf(observer).mode).toBe("rail");

    others.push(await join());
    named[0]!.send({ type: "progress", progress: 0.95 });
    await eventually(() => {
      const view = roomViewOf(observer);
      expect(view.mode).toBe("crowd");
      expect(view.count).toBe(LARGE + 1);
      expect(view.density.reduce((sum, slice) => sum + slice, 0)).toBe(LARGE + 1);
      expect(view.density.at(-1)).toBe(1);
      expect([...view.readers.values()].map((reader) => reader.label).sort()).toEqual(["Named crowd-ada", "Named crowd-bob"]);
    });
    await eventually(async () => expect((await summary()).reading["how-live-presence-works"]).toBe(LARGE + 1));

    // Hysteresis: a few leave, still the crowd view; below 80 %, the rail again.
    while (named.length + others.length > LEAVE_BELOW) others.pop()!.close(1000);
    await eventually(() => expect(roomViewOf(observer).count).toBe(LEAVE_BELOW));
    expect(roomViewOf(observer).mode).toBe("crowd");
    others.pop()!.close(1000);
    await eventually(() => {
      const view = roomViewOf(observer);
      expect(view.mode).toBe("rail");
      expect(view.readers.size).toBe(LEAVE_BELOW - 1);
    });
  });

  it("a crowd frame is the same size with twice the readers", async () => {
    const sockets: TestSocket[] = [];
    const sizeWith = async (readers: number) => {
      while (sockets.length < readers) sockets.push(await join());
      const observer = sockets[0]!;
      // Everyone counted first (the switch to the crowd view comes as snapshots); then a crowd frame for all.
      await eventually(() => expect(roomViewOf(observer).count).toBe(readers));
      const seen = observer.frames.length;
      for (const [index, socket] of sockets.entries()) socket.send({ type: "progress", progress: (index % 20) / 20 });
      await eventually(() => expect(observer.frames.slice(seen).some((frame) => frame.type === "room-crowd" && frame.count === readers)).toBe(true));
      return JSON.stringify(lastFrameOf(observer, "room-crowd")).length;
    };
    const small = await sizeWith(LARGE + 2);
    const large = await sizeWith(2 * (LARGE + 2));
    expect(large).toBeLessThanOrEqual(small + 20);
  });
});
