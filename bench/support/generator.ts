// Runs one job in the load generator (bench/load/generator.ts), forked as a Node process of
// its own, and returns what it answered. Stops that process (and only it) afterwards.
import { fork } from "node:child_process";
import { type GeneratorMessage, generatorMessageSchema, type Job, RELEASE } from "../load/jobs";
import { stopProcessGroup } from "./process-group";

type HoldingMessage = Extract<GeneratorMessage, { type: "holding" }>;

/**
 * `whileHolding` is called at each step of an idle-hold job, with the step's sockets open;
 * the generator goes on when it returns, and the answer is the last step's. Rejects on the generator's error, on its exit without an
 * answer, or after `timeoutMs`.
 */
export async function runGenerator(
  job: Job,
  { timeoutMs, whileHolding }: { timeoutMs: number; whileHolding?: (holding: HoldingMessage) => Promise<void> },
): Promise<GeneratorMessage> {
  const child = fork("bench/load/generator.ts", [], {
    execArgv: ["--import", "tsx"],
    detached: true,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await new Promise<GeneratorMessage>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`load generator gave no answer in ${timeoutMs} ms`)), timeoutMs);
      child.on("exit", (code) => reject(new Error(`load generator exited (${code}) without an answer`)));
      child.on("message", (raw) => {
        const parsed = generatorMessageSchema.safeParse(raw);
        if (!parsed.success) return reject(new Error("malformed answer from the load generator"));
        const message = parsed.data;
        if (message.type === "error") return reject(new Error(`load generator: ${message.message}`));
        if (message.type !== "holding") return resolve(message);
        const hold = whileHolding ?? (() => Promise.resolve());
        hold(message).then(() => {
          child.send(RELEASE);
          if (message.last) resolve(message);
        }, reject);
      });
      child.send(job);
    });
  } finally {
    clearTimeout(timer);
    await stopProcessGroup(child.pid, 3_000);
  }
}
