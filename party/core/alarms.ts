/** Sets the object's one alarm to `at`, unless it is already due sooner (and still to come). */
export async function armAlarm(storage: DurableObjectStorage, at: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current === null || current > at || current <= Date.now()) await storage.setAlarm(at);
}
