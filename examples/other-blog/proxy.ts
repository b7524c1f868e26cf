import { type NextRequest, NextResponse } from "next/server";
import { issueSessionCookie } from "@live-readers/embed/server";
import { presenceSecret } from "./presence-config";

/** Gives a first-time browser its presence session id with the first page (optional, see docs/embedding.md). */
export default async function proxy(request: NextRequest) {
  return issueSessionCookie(request, NextResponse.next(), presenceSecret());
}

export const config = { matcher: ["/((?!api/|_next/|favicon.ico).*)"] };
