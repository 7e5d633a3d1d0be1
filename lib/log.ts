import pino from "pino";
import { getEnv } from "@/lib/env";

// The one logger (pino, the Node standard), for the web server's request
// lines, job runs and the launcher. LOG_FORMAT=json writes pino's one JSON
// object a line, for a collector; text (the default) writes a readable line.
// Email addresses never reach a log, in either format: they are replaced on
// the way out, whatever message or field they came in.

const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** `text` with every email address replaced by [email]. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL, "[email]");
}

type Line = { time?: string; level?: string; scope?: string; msg?: string; [field: string]: unknown };

function formatText(json: string): string {
  const { time, level, scope, msg, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(json) as Line;
  const rest = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === "string" && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(" ");
  const head = `${time ?? ""} ${(level ?? "info").padEnd(5)}${scope ? ` [${scope}]` : ""}`;
  return `${head} ${msg ?? ""}${rest ? ` ${rest}` : ""}\n`;
}

function destination(format: "text" | "json", out: NodeJS.WritableStream): { write(line: string): void } {
  return {
    write(line) {
      const safe = redactEmails(line);
      out.write(format === "json" ? safe : formatText(safe));
    },
  };
}

export type Logger = pino.Logger;

const holder = globalThis as unknown as { paperboyLogger?: pino.Logger };

/** A logger for one part of Paperboy ("http", "jobs", "digest", ...). */
export function logger(scope: string): pino.Logger {
  holder.paperboyLogger ??= createLogger(getEnv().LOG_FORMAT, process.stdout);
  return holder.paperboyLogger.child({ scope });
}

/** For tests: a logger writing to `out`. */
export function createLogger(format: "text" | "json", out: NodeJS.WritableStream): pino.Logger {
  return pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination(format, out),
  );
}
