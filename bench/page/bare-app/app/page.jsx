export default function Page() {
  return (
    <main>
      <h1>A bare Next.js page</h1>
      <p>One static route of the App Router, nothing else.</p>
    </main>
  );
}
