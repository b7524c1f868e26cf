import type { Metadata } from "next";
import { githubConfigured } from "@/auth.config";
import { SignInOptions } from "@/components/auth/sign-in-options";
import { demoSignInEnabled } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="signin-page">
      <h1>Sign in</h1>
      <p>Signed-in readers can show others they are here, or choose to stay hidden.</p>
      <SignInOptions demoEnabled={demoSignInEnabled()} githubEnabled={githubConfigured()} returnAfterSignIn />
    </div>
  );
}
