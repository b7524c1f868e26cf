import { E2E_APP_URL, E2E_STATUS_API_KEY } from "./ports";

/** A call to the app's status API, with the e2e blog's API key unless told otherwise. */
export function statusApi(path: string, { key = E2E_STATUS_API_KEY as string | null, signal }: { key?: string | null; signal?: AbortSignal } = {}) {
  return fetch(`${E2E_APP_URL}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal });
}

export interface StatusEvent {
  id: number;
  event: string;
  data: { userId: string; status: string; at: number };
}

/** Reads a Server-Sent Events response into `events` as they arrive. */
function collectEvents(response: Response, events: StatusEvent[]): void {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split("\n").find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field("data");
          if (data) events.push({ id: Number(field("id")), event: field("event") ?? "", data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted by the test
    }
  })();
}

/** Opens the status stream and collects its events until `stop` is called. */
export async function watchStatusStream(): Promise<{ events: StatusEvent[]; contentType: string | null; stop: () => void }> {
  const abort = new AbortController();
  const response = await statusApi("/api/v1/status/stream", { signal: abort.signal });
  if (response.status !== 200) throw new Error(`status stream answered ${response.status}`);
  const events: StatusEvent[] = [];
  collectEvents(response, events);
  return { events, contentType: response.headers.get("content-type"), stop: () => abort.abort() };
}
