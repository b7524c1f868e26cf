import NextAuth from "next-auth";
import { authConfig } from "@/auth.config";

// Only redirects: pages, route handlers and server actions check auth() themselves.
const { auth } = NextAuth(authConfig);

export default auth((request) => {
  if (!request.auth) return Response.redirect(new URL("/signin", request.nextUrl.origin));
});

export const config = { matcher: ["/settings"] };
