import { describe, expect, it } from "vitest";
import { eventually, get, keepAlive, openSocket, presenceToken, signedSessionId, type TestSocket } from "./support/sockets";

const SITE = "/parties/site/global";

async function summary(sid?: string): Promise<{ online: number; active: number; includesSession: boolean; people: unknown }> {
  const response = await get(sid ? `${SITE}?sid=${encodeURIComponent(sid)}` : SITE);
  expect(response.status).toBe(200);
  return response.json();
}

const snapshotOf = (socket: TestSocket) => socket.next((frame) => frame.type === "site-snapshot");

describe("site presence counts readers, not sockets", () => {
  it("several tabs of one browser are one reader; another browser is a second", async () => {
    const sid = await signedSessionId();
    const tab1 = await openSocket(SITE, { sid });
    expect(await snapshotOf(tab1)).toMatchObject({ online: 1 });
    const tab2 = await openSocket(SITE, { sid });
    expect(await snapshotOf(tab2)).toMatchObject({ online: 1 });
    const other = await openSocket(SITE);
    expect(await snapshotOf(other)).toMatchObject({ online: 2 });
    await eventually(async () => expect((await summary(sid)).online).toBe(2));
    for (const socket of [tab1, tab2, other]) socket.close();
    await eventually(async () => expect((await summary()).online).toBe(0));
  });

  it("one person signed in on two browsers is one reader, listed once", async () => {
    const laptopSid = await signedSessionId();
    const phoneSid = await signedSessionId();
    const laptop = await openSocket(SITE, { sid: laptopSid, token: await presenceToken({ sid: laptopSid, userId: "ada", name: "Ada" }) });
    const phone = await openSocket(SITE, { sid: phoneSid, token: await presenceToken({ sid: phoneSid, userId: "ada", name: "Ada" }) });
    const stop = keepAlive([laptop, phone]);
    await snapshotOf(phone);
    await eventually(async () => {
      const now = await summary();
      expect(now.online).toBe(1);
      expect(now.people).toEqual([expect.objectContaining({ id: "ada", name: "Ada" })]);
    });
    stop();
    laptop.close();
    phone.close();
    await eventually(async () => expect((await summary()).online).toBe(0));
  });
});
