// Counted nouns in page copy: "1 paper", "2 papers", "1,204 papers". One
// helper so that no page writes "1 papers" or "0 paper" on its own.

/** "1 paper", "0 papers", "12,345 papers"; `many` for a noun whose plural is not noun + "s". */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? noun : many}`;
}
