// The load generator: a Node process of its own (forked by the benchmark), so its CPU is
// not the benchmark's. Runs one job received over IPC, answers with the result, and exits.
import { baselineTarget } from "./baseline-target";
import { holdIdle } from "./idle-hold";
import { type GeneratorMessage, type Job, jobSchema, RELEASE } from "./jobs";
import { runJoinStorm } from "./join-storm";
import { runRoomScroll } from "./room-scroll";
import type { PresenceTarget } from "./target";
import { workerTarget } from "./worker-target";

function reply(message: GeneratorMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, () => resolve()));
}

function targetFor(job: Job): PresenceTarget {
  return job.target.kind === "worker" ? workerTarget(job.target.url) : baselineTarget(job.target.url);
}

async function run(job: Job): Promise<void> {
  const target = targetFor(job);
  if (job.type === "join-storm") {
    await reply({ type: "join-storm-result", result: await runJoinStorm(target, job) });
  } else if (job.type === "room-scroll") {
    await reply({ type: "room-scroll-result", result: await runRoomScroll(target, job) });
  } else {
    const clients = await holdIdle(target, job, async (step, opened, failed) => {
      const released = new Promise<void>((resolve) => process.once("message", (message) => message === RELEASE && resolve()));
      await reply({ type: "holding", step, last: step === job.steps.length - 1, opened, failed });
      await released;
    });
    for (const client of clients) client.close();
  }
  target.dispose();
}

process.once("message", (raw) => {
  const job = jobSchema.safeParse(raw);
  const work = job.success ? run(job.data) : Promise.reject(new Error("malformed job"));
  work
    .catch((error: unknown) => reply({ type: "error", message: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.exit(0));
});
