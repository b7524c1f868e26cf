import { startWorker } from "./support/worker-process";

export default async function globalSetup(): Promise<void> {
  await startWorker({ fresh: true });
}
