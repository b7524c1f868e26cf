import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readLimitedText } from "@/party/shared/limited-body";

describe("bodies are limited while they stream", () => {
  it("reads a body within the limit", async () => {
    expect(await readLimitedText(new Request("http://x/", { method: "POST", body: "hello" }), 10)).toBe("hello");
  });

  it("refuses a declared length over the limit before reading anything", async () => {
    let pulled = 0;
    const body = new ReadableStream({ pull: (controller) => void (pulled++, controller.enqueue(new Uint8Array(10))) });
    const request = new Request("http://x/", { method: "POST", body, headers: { "content-length": "1000000" }, duplex: "half" } as RequestInit);
    await expect(readLimitedText(request, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops an endless body without a length once it passes the limit", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("http://x/", { method: "POST", body: endless, duplex: "half" } as RequestInit);
    await expect(readLimitedText(request, 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(sent).toBeLessThan(80 * 1024);
  });
});
