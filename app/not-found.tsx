import { AppLink } from "@/components/blog/app-link";

export default function NotFound() {
  return (
    <div className="not-found">
      <h1>This page doesn&apos;t exist</h1>
      <p>The post may have moved, or the link has a typo.</p>
      <p>
        <AppLink href="/">Back to the home page</AppLink>
      </p>
    </div>
  );
}
