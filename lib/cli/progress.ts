// The one progress line of the CLI jobs: on a terminal only (a log file or a
// pipe gets the summary alone), redrawn in place at most every 200 ms.

export type Progress = {
  /** Redraws the line (throttled unless `force`). */
  update(line: string, options?: { force?: boolean }): void;
  /** Clears the line before the summary is printed. */
  done(): void;
  /** Per second since the start, for "1,234/s". */
  rate(count: number): number;
};

const QUIET: Progress = { update: () => {}, done: () => {}, rate: () => 0 };

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return QUIET;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(line, { force = false } = {}) {
      const now = Date.now();
      if (!force && now - last < 200) return;
      last = now;
      drawn = true;
      stream.write(`\r\x1b[K  ${line}`);
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
    rate(count) {
      return Math.round(count / Math.max(0.001, (Date.now() - started) / 1000));
    },
  };
}
