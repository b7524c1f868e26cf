// The headers every page and route answers with. One list, applied in next.config.ts.

interface Options {
  /** host[:port] of the presence worker, which the browser opens sockets to. */
  presenceHost: string;
  /** Where sign-in (GitHub, or its local stand-in in the tests) sends the browser, and serves avatars from. */
  signInOrigins: string[];
  development: boolean;
  https: boolean;
}

export function contentSecurityPolicy({ presenceHost, signInOrigins, development }: Omit<Options, "https">): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Next.js inlines the scripts of statically rendered pages; a nonce would make every page dynamic.
    "script-src": ["'self'", "'unsafe-inline'", ...(development ? ["'unsafe-eval'"] : [])],
    // Rail markers place themselves with inline custom properties.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:", ...signInOrigins],
    "connect-src": ["'self'", `ws://${presenceHost}`, `wss://${presenceHost}`, `http://${presenceHost}`, `https://${presenceHost}`],
    // The heartbeat ticks in a tiny blob: worker, so background tabs keep their pace.
    "worker-src": ["'self'", "blob:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", ...signInOrigins],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export function securityHeaders(options: Options): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(options.https ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
  ];
}
