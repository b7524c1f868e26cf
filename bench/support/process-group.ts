// Stops a process group this benchmark started (spawned with `detached: true`, so the
// child's pid is the group id) and waits until every process in it has exited.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopProcessGroup(pgid: number | undefined, graceMs = 5_000): Promise<void> {
  if (!pgid) return;
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // exited meanwhile
  }
  while (groupAlive(pgid)) await sleep(50);
}
