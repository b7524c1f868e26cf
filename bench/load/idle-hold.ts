// Scenario 3: readers connected and doing nothing, opened in steps (e.g. 100, then 500) and
// held at each step while the benchmark reads the server's memory.
import type { Job } from "./jobs";
import { openMany, waitForQuiet } from "./pacing";
import type { PresenceTarget, SiteClient } from "./target";

type IdleHoldJob = Extract<Job, { type: "idle-hold" }>;

export async function holdIdle(
  target: PresenceTarget,
  job: IdleHoldJob,
  atStep: (step: number, opened: number, failed: number) => Promise<void>,
): Promise<SiteClient[]> {
  const clients: SiteClient[] = [];
  let failed = 0;
  for (const [step, total] of job.steps.entries()) {
    const from = clients.length;
    const batch = await openMany(Math.max(total - from, 0), job.concurrency, (index) =>
      target.openSiteClient(from + index, () => {}),
    );
    clients.push(...batch.opened);
    failed += batch.failed;
    // Until the arrivals' own broadcasts have passed, the server is not idle yet.
    await waitForQuiet(target.traffic, 1000, 300_000);
    await atStep(step, clients.length, failed);
  }
  return clients;
}
