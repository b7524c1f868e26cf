// Configuration the browser needs. Next inlines NEXT_PUBLIC_* at build time, so the
// variable must be read by its literal name here; lib/env.ts validates it on the server.
export const PRESENCE_HOST = process.env.NEXT_PUBLIC_PRESENCE_HOST || "127.0.0.1:8787";
