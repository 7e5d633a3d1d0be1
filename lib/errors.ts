import { ZodError } from "zod";

// One error path: lib throws AppError with a code; toErrorResponse maps it (and
// zod's errors) to a status and a message. Anything else is a 500 that logs its
// cause and shows none of it.

export type AppErrorCode =
  | "bad_request"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "too_many_requests"
  | "unavailable";

const statusByCode: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  constructor({ code, message }: { code: AppErrorCode; message: string }) {
    super(message);
    this.code = code;
  }
  get status(): number {
    return statusByCode[this.code];
  }
}

export function formatZodError(error: ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** An API error: the message for people, the code for programs. */
export type ApiErrorBody = { error: string; code: AppErrorCode | "internal_error" };

const statusOf = (code: ApiErrorBody["code"]) => (code === "internal_error" ? 500 : statusByCode[code]);

export function apiError(code: ApiErrorBody["code"], message: string, init: ResponseInit = {}): Response {
  const status = statusOf(code);
  return Response.json({ error: message, code } satisfies ApiErrorBody, { status, ...init });
}

/** The status, body and headers an API answers for an error; logs what is not ours. */
export function apiErrorOf(error: unknown): {
  status: number;
  body: ApiErrorBody;
  headers?: Record<string, string>;
} {
  const of = (code: ApiErrorBody["code"], message: string, headers?: Record<string, string>) => ({
    status: statusOf(code),
    body: { error: message, code },
    ...(headers ? { headers } : {}),
  });
  if (error instanceof ZodError) return of("bad_request", formatZodError(error));
  if (error instanceof AppError) return of(error.code, error.message);
  if (isDatabaseUnavailable(error))
    return of("unavailable", "The database is unavailable. Try again in a moment.", { "Retry-After": "5" });
  console.error(error);
  return of("internal_error", "Internal error");
}

export function toErrorResponse(error: unknown): Response {
  const { status, body, headers } = apiErrorOf(error);
  return Response.json(body, { status, ...(headers ? { headers } : {}) });
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" || typeof code === "number" ? String(code) : "";
}

/** Connection refused, reset or timed out: Postgres is down or restarting, not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${codeOf(error)}` : String(error);
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P01|57P03|Connection terminated|timeout exceeded when trying to connect|DatabaseNotReachable|P1001|connection failure/i.test(
    text,
  );
}
