export function UpvoteBadge({ upvotes }: { upvotes: number }) {
  return (
    <span
      className="flex w-12 shrink-0 flex-col items-center rounded-lg border border-gray-200 py-1 text-sm font-semibold tabular-nums dark:border-gray-700"
      aria-label={`${upvotes} upvotes`}
      title={`${upvotes} upvotes`}
    >
      <span aria-hidden="true" className="text-xs text-gray-400">▲</span>
      {upvotes}
    </span>
  );
}
