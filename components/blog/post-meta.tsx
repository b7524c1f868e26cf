export function formatPostDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

export function PostMeta({ date, readingMinutes, tags }: { date: string; readingMinutes: number; tags: string[] }) {
  return (
    <p className="post-meta">
      <time dateTime={date}>{formatPostDate(date)}</time>
      <span aria-hidden> · </span>
      {readingMinutes} min read
      {tags.length > 0 && (
        <>
          <span aria-hidden> · </span>
          <span className="post-tags">
            {tags.map((tag) => (
              <span key={tag} className="post-tag">
                {tag}
              </span>
            ))}
          </span>
        </>
      )}
    </p>
  );
}
