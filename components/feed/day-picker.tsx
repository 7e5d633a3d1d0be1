import type { IsoDate } from "@/lib/papers/dates";

/**
 * A native date input that lands on the nearest day with papers: a GET form
 * to /papers/date, which redirects, so it works without JavaScript.
 */
export function DayPicker({ date }: { date: IsoDate }) {
  return (
    <form method="get" action="/papers/date" className="flex items-center gap-2 text-sm" data-day-picker>
      <label htmlFor="day-picker" className="text-gray-600 dark:text-gray-400">
        Go to day
      </label>
      <input
        id="day-picker"
        type="date"
        name="date"
        defaultValue={date}
        required
        className="rounded-md border border-gray-300 bg-white px-2 py-1 text-sm dark:border-gray-700 dark:bg-gray-900"
      />
      <button
        type="submit"
        className="rounded-md border border-gray-200 px-3 py-1 hover:bg-gray-50 dark:border-gray-700 dark:hover:bg-gray-800"
      >
        Go
      </button>
    </form>
  );
}
