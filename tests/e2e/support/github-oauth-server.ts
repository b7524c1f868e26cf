// A local stand-in for github.com's OAuth app flow, shaped like GitHub Enterprise
// (/login/oauth/authorize, /login/oauth/access_token, /api/v3/user, /api/v3/user/emails). The app's real
// GitHub provider is pointed at it with AUTH_GITHUB_ENTERPRISE_URL, so sign-in runs
// the production provider's code path end to end: redirect, consent, code exchange
// with PKCE, profile fetch, account stored by the Prisma adapter.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface GitHubAccount {
  id: number;
  login: string;
  name: string;
  email: string;
  /** What /user/emails lists (default: the profile's e-mail, primary and verified). */
  emails?: { email: string; primary: boolean; verified: boolean }[];
}

export interface GitHubOAuthServer {
  url: string;
  /** Token exchanges that were refused, with the reason (a test can assert there were none). */
  refusals: string[];
  close: () => Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
}

const html = (body: string) => `<!doctype html><html><head><title>GitHub (test)</title></head><body>${body}</body></html>`;
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "Content-Type": type });
  response.end(body);
}

export async function startGitHubOAuthServer(options: {
  port: number;
  clientId: string;
  clientSecret: string;
  account: GitHubAccount;
}): Promise<GitHubOAuthServer> {
  const { port, clientId, clientSecret, account } = options;
  const url = `http://127.0.0.1:${port}`;
  const codes = new Map<string, PendingCode>();
  const tokens = new Set<string>();
  const refusals: string[] = [];

  const refuseToken = (response: ServerResponse, reason: string) => {
    refusals.push(reason);
    send(response, 400, "application/json", JSON.stringify({ error: "bad_verification_code", error_description: reason }));
  };

  const server: Server = createServer(async (request, response) => {
    const requestUrl = new URL(request.url ?? "/", url);
    const bearer = request.headers.authorization?.replace(/^Bearer /, "") ?? "";

    if (request.method === "GET" && requestUrl.pathname === "/login/oauth/authorize") {
      const params = requestUrl.searchParams;
      if (params.get("client_id") !== clientId || params.get("code_challenge_method") !== "S256") {
        return send(response, 400, "text/html", html("<h1>Unknown application</h1>"));
      }
      // The consent page: approving redirects back to the app with a one-time code.
      const code = randomBytes(16).toString("hex");
      codes.set(code, {
        clientId,
        redirectUri: params.get("redirect_uri") ?? "",
        codeChallenge: params.get("code_challenge") ?? "",
      });
      const back = new URL(params.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", params.get("state") ?? "");
      return send(
        response,
        200,
        "text/html",
        html(`<h1>Authorize Live Readers</h1><p>Signed in to GitHub as ${escape(account.login)}.</p>` +
          `<a href="${escape(back.toString())}">Authorize</a>`),
      );
    }

    if (request.method === "POST" && requestUrl.pathname === "/login/oauth/access_token") {
      const form = new URLSearchParams(await readBody(request));
      const basic = Buffer.from(request.headers.authorization?.replace(/^Basic /, "") ?? "", "base64").toString();
      const [id, secret] = basic.split(":").map(decodeURIComponent);
      const pending = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (id !== clientId || secret !== clientSecret) return refuseToken(response, "wrong client credentials");
      if (!pending) return refuseToken(response, "unknown or reused code");
      if (form.get("redirect_uri") !== pending.redirectUri) return refuseToken(response, "redirect_uri mismatch");
      const challenge = createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url");
      if (challenge !== pending.codeChallenge) return refuseToken(response, "PKCE verifier mismatch");
      const token = `gho_${randomBytes(16).toString("hex")}`;
      tokens.add(token);
      return send(response, 200, "application/json", JSON.stringify({ access_token: token, token_type: "bearer", scope: "read:user,user:email" }));
    }

    if (request.method === "GET" && requestUrl.pathname === "/api/v3/user") {
      if (!tokens.has(bearer)) return send(response, 401, "application/json", JSON.stringify({ message: "Bad credentials" }));
      return send(response, 200, "application/json", JSON.stringify({ ...account, avatar_url: `${url}/avatars/${account.id}.svg` }));
    }

    if (request.method === "GET" && requestUrl.pathname === "/api/v3/user/emails") {
      if (!tokens.has(bearer)) return send(response, 401, "application/json", JSON.stringify({ message: "Bad credentials" }));
      return send(response, 200, "application/json", JSON.stringify(account.emails ?? [{ email: account.email, primary: true, verified: true }]));
    }

    if (request.method === "GET" && requestUrl.pathname.startsWith("/avatars/")) {
      return send(response, 200, "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#6e40c9"/></svg>');
    }

    send(response, 404, "text/plain", "Not found");
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url,
    refusals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
