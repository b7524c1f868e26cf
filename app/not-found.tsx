import Link from "next/link";

export default function NotFound() {
  return (
    <div className="not-found">
      <h1>This page doesn&apos;t exist</h1>
      <p>The post may have moved, or the link has a typo.</p>
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </div>
  );
}
