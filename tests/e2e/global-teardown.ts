import { stopWorker } from "./support/worker-process";

export default async function globalTeardown(): Promise<void> {
  await stopWorker();
}
