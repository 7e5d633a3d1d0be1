import { setTimeout as sleep } from "node:timers/promises";

// The one way Paperboy calls a server it does not run (the Daily Papers API,
// the arXiv API): named by its User-Agent, at most `ratePerSecond` requests a
// second, a timeout on each request (the body included), a cap on the bytes it
// will read, and retries with exponential backoff on what is worth retrying:
// network errors, timeouts, 5xx, 429 (waiting as long as Retry-After asks,
// within a bound) and a body the caller finds cut or garbled.

export type PoliteClientSettings = {
  userAgent: string;
  ratePerSecond: number;
  timeoutMs: number;
  maxBytes: number;
  maxAttempts: number;
  /** The first retry's wait; it doubles after each failure (with jitter), up to a minute. */
  retryDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails with the server's reason. */
  maxRetryAfterMs: number;
};

/** Thrown by a caller's body parser when the body is worth asking for again (cut, not JSON, not the expected shape). */
export class TransientBodyError extends Error {}

/** A request that did not get an answer the caller could use, after `attempts` tries. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; transient: boolean; reason: string; status: number | null; retryAfterMs?: number };

const MAX_BACKOFF_MS = 60_000;

export class PoliteClient {
  /** Requests sent, retries included. */
  requests = 0;
  private nextSlot = 0;

  constructor(
    private readonly settings: PoliteClientSettings,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * GETs `url` and hands the body to `parse`, which returns the value or
   * throws: a TransientBodyError is retried, any other error fails at once
   * (the server answered, and will answer the same again). 429 and 5xx never
   * reach `parse`; other statuses do, with the body, since some APIs explain
   * a 400 in it.
   */
  async get<T>(
    url: string,
    parse: (body: string, status: number) => T,
  ): Promise<{ value: T; attempts: number }> {
    const { maxAttempts } = this.settings;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(url, parse);
      if (result.ok) return { value: result.value, attempts: attempt };
      const last = attempt >= maxAttempts || !result.transient;
      const retryAfter = result.retryAfterMs;
      if (!last && retryAfter !== undefined && retryAfter > this.settings.maxRetryAfterMs) {
        throw new UpstreamError(
          `${result.reason}; the server asked to wait ${Math.round(retryAfter / 1000)} s, longer than we wait`,
          attempt,
          result.status,
        );
      }
      if (last) {
        const tries = attempt === 1 ? "" : ` (after ${attempt} attempts)`;
        throw new UpstreamError(`${result.reason}${tries}`, attempt, result.status);
      }
      await sleep(Math.max(retryAfter ?? 0, this.backoffMs(attempt)), undefined, { signal: this.signal });
    }
  }

  private backoffMs(attempt: number): number {
    const base = Math.min(MAX_BACKOFF_MS, this.settings.retryDelayMs * 2 ** (attempt - 1));
    return base * (0.75 + Math.random() * 0.5);
  }

  /** Waits for this request's turn: requests start at least 1/rate seconds apart, retries included. */
  private async takeSlot(): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextSlot);
    this.nextSlot = start + 1000 / this.settings.ratePerSecond;
    if (start > now) await sleep(start - now, undefined, { signal: this.signal });
  }

  private async attempt<T>(url: string, parse: (body: string, status: number) => T): Promise<Attempt<T>> {
    await this.takeSlot();
    this.signal?.throwIfAborted();
    this.requests += 1;
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signal = this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
    const seconds = Math.round(this.settings.timeoutMs / 100) / 10;
    try {
      const response = await fetch(url, {
        headers: { "User-Agent": this.settings.userAgent, Accept: "application/json, application/atom+xml" },
        redirect: "follow",
        signal,
      });
      const status = response.status;
      if (status === 429 || status >= 500) {
        await response.body?.cancel().catch(() => {});
        return {
          ok: false,
          transient: true,
          reason: `HTTP ${status}${status === 429 ? " (too many requests)" : ""}`,
          status,
          retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
        };
      }
      const body = await readCapped(response, this.settings.maxBytes);
      if (body === null) {
        return {
          ok: false,
          transient: false,
          reason: `the response is larger than ${Math.round(this.settings.maxBytes / 1_048_576)} MB`,
          status,
        };
      }
      try {
        return { ok: true, value: parse(body, status) };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, transient: error instanceof TransientBodyError, reason, status };
      }
    } catch (error) {
      this.signal?.throwIfAborted();
      if (timeout.aborted)
        return { ok: false, transient: true, reason: `no answer within ${seconds} s`, status: null };
      return { ok: false, transient: true, reason: describeNetworkError(error), status: null };
    }
  }
}

/** The body as text, or null once it passes `maxBytes` (the rest is not read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return null;
  }
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      await response.body.cancel().catch(() => {});
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not reach the server (${detail})`;
}
