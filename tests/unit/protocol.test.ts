import { describe, expect, it } from "vitest";
import { articleClientMessageSchema, MAX_FRAME_BYTES, parseFrame } from "@/party/shared/protocol";

describe("parseFrame: what the worker accepts from a client", () => {
  it("accepts a well-formed progress message", () => {
    expect(parseFrame(articleClientMessageSchema, '{"type":"progress","progress":0.42}')).toEqual({
      type: "progress",
      progress: 0.42,
    });
  });

  it.each([
    ["not JSON", "{progress"],
    ["an unknown type", '{"type":"teleport","progress":0.5}'],
    ["a string progress", '{"type":"progress","progress":"0.5"}'],
    ["negative progress", '{"type":"progress","progress":-0.1}'],
    ["progress above 1", '{"type":"progress","progress":1e9}'],
    ["NaN written as null", '{"type":"progress","progress":null}'],
    ["a missing progress", '{"type":"progress"}'],
    ["an array", "[1,2,3]"],
  ])("drops %s", (_label, frame) => {
    expect(parseFrame(articleClientMessageSchema, frame)).toBeNull();
  });

  it("drops binary frames and oversized frames without parsing them", () => {
    expect(parseFrame(articleClientMessageSchema, new ArrayBuffer(8))).toBeNull();
    const padded = `{"type":"progress","progress":0.5,"pad":"${"x".repeat(MAX_FRAME_BYTES)}"}`;
    expect(parseFrame(articleClientMessageSchema, padded)).toBeNull();
  });

  it("strips keys it does not know, such as a claimed user id", () => {
    const parsed = parseFrame(articleClientMessageSchema, '{"type":"progress","progress":0.5,"userId":"admin"}');
    expect(parsed).toEqual({ type: "progress", progress: 0.5 });
  });
});
