import { type Client, type Config, createClient, type Transaction } from "@libsql/client";

// A libSQL connection on which a statement failed with SQLITE_BUSY (another process held the
// database's lock: a restore, a VACUUM, a migration) is left in a state where its next
// successful transaction keeps a shared lock for good: from then on no other process can write,
// and the app's own commits fail, until it restarts. So after SQLITE_BUSY the client drops all
// its connections and opens fresh ones. The Prisma adapter runs one query (or one transaction)
// at a time, so this happens while nothing else is using a connection.

const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code === "SQLITE_BUSY";

/** Calls `onBusy` when `work` fails with SQLITE_BUSY, then passes the failure on. */
async function watchBusy<T>(work: () => Promise<T>, onBusy: () => void): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isBusy(error)) onBusy();
    throw error;
  }
}

function watchTransaction(transaction: Transaction, startOver: () => Promise<void>): Transaction {
  let busy = false;
  const markBusy = () => (busy = true);
  // Once the transaction is over (its connection back in the pool), a busy one starts over.
  const settle = async (end: () => Promise<void>) => {
    try {
      await watchBusy(end, markBusy);
    } finally {
      if (busy) await startOver();
    }
  };
  return new Proxy(transaction, {
    get(target, property) {
      // Read from the target itself: its getters use private fields, which a proxy lacks.
      const value = Reflect.get(target, property);
      if (property === "commit" || property === "rollback") return () => settle(() => value.call(target));
      if (property === "execute" || property === "batch" || property === "executeMultiple") {
        return (...args: unknown[]) => watchBusy(() => value.apply(target, args), markBusy);
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A libSQL client that starts over with fresh connections after SQLITE_BUSY. */
export function createLibsqlClient(config: Config): Client {
  const client = createClient(config);
  const startOver = async () => {
    await client.reconnect();
  };
  return new Proxy(client, {
    get(target, property) {
      // Read from the target itself: its getters use private fields, which a proxy lacks.
      const value = Reflect.get(target, property);
      if (property === "transaction") {
        return async (...args: unknown[]) => watchTransaction(await watchBusy(() => value.apply(target, args), () => void startOver()), startOver);
      }
      if (property === "execute" || property === "batch" || property === "executeMultiple") {
        return (...args: unknown[]) => watchBusy(() => value.apply(target, args), () => void startOver());
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
