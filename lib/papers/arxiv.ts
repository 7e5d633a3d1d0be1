import { XMLParser, XMLValidator } from "fast-xml-parser";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { upstreamSettings } from "./fetch/fetch-feed";
import { PoliteClient, TransientBodyError, UpstreamError } from "./fetch/polite-client";
import { canonicalArxivId, cleanText } from "./schemas";

// The arXiv API (https://info.arxiv.org/help/api/): GET {ARXIV_API_URL}?id_list=ID
// answers an Atom feed. A known id: one <entry>. An unknown one: HTTP 200 and
// an empty feed (opensearch:totalResults 0). A malformed one: HTTP 400 and a
// feed whose one entry is the error ("incorrect id format for abc"). The XML
// is read with fast-xml-parser, never with regular expressions.

export type ArxivEntry = {
  /** Canonical, without the version: 1605.08386, astro-ph/0601001. */
  id: string;
  /** The version the entry describes (arXiv answers the latest for an id without one). */
  version: number | null;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt: Date | null;
  updatedAt: Date | null;
};

export type ArxivFeed = {
  totalResults: number | null;
  entries: ArxivEntry[];
  /** arXiv's error entries (the reason for a 400), as it words them. */
  errors: string[];
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // Text stays text: a paper titled "0" must not become the number 0.
  parseTagValue: false,
  parseAttributeValue: false,
  // arXiv binds opensearch: and arxiv: prefixes; the local names are what we read.
  removeNSPrefix: true,
  isArray: (name) => ["entry", "author", "link", "category"].includes(name),
});

type XmlNode = Record<string, unknown>;

const isNode = (value: unknown): value is XmlNode =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An element's text, whether it came as a string or (with attributes) as a node with #text. */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (isNode(value)) return textOf(value["#text"]);
  return "";
}

function listOf(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : [];
}

function dateOf(value: unknown): Date | null {
  const text = textOf(value).trim();
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The id and version in an entry's <id>, http://arxiv.org/abs/1605.08386v1; null for anything else. */
export function parseEntryId(text: string): { id: string; version: number | null } | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (!/(?:^|\.)arxiv\.org$/i.test(url.hostname) || !url.pathname.startsWith("/abs/")) return null;
  const raw = url.pathname.slice("/abs/".length);
  const id = canonicalArxivId(raw);
  if (id === null) return null;
  const version = /v(\d+)$/.exec(raw);
  return { id, version: version ? Number(version[1]) : null };
}

const isErrorEntry = (entry: XmlNode) => textOf(entry.id).includes("arxiv.org/api/errors");

/**
 * Reads an arXiv API answer. A body that is not well-formed XML, or not an
 * Atom feed (an HTML error page, a cut body), is a TransientBodyError: worth
 * asking again.
 */
export function parseArxivFeed(xml: string): ArxivFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new TransientBodyError(
      `the answer is not well-formed XML (${valid.err.msg}, line ${valid.err.line})`,
    );
  const document = parser.parse(xml) as unknown;
  const feed = isNode(document) ? document.feed : undefined;
  if (!isNode(feed)) throw new TransientBodyError("the answer is XML but not an Atom feed");

  const total = Number(textOf(feed.totalResults).trim());
  const entries: ArxivEntry[] = [];
  const errors: string[] = [];
  for (const entry of listOf(feed.entry)) {
    if (isErrorEntry(entry)) {
      errors.push(cleanText(textOf(entry.summary)) || "arXiv reported an error");
      continue;
    }
    const parsedId = parseEntryId(textOf(entry.id));
    if (!parsedId) continue;
    entries.push({
      ...parsedId,
      title: cleanText(textOf(entry.title)),
      abstract: cleanText(textOf(entry.summary), { keepParagraphs: true }),
      authors: listOf(entry.author)
        .map((author) => cleanText(textOf(author.name)))
        .filter(Boolean),
      publishedAt: dateOf(entry.published),
      updatedAt: dateOf(entry.updated),
    });
  }
  return { totalResults: Number.isInteger(total) ? total : null, entries, errors };
}

// One client per process (and settings): its request slots space out every
// reader's lookups together, as arXiv asks of its callers.
const clients = new WeakMap<Env, PoliteClient>();

/**
 * The fetcher's settings (User-Agent, rate, size cap, retries on 5xx, 429 and
 * network errors), with fewer and shorter tries: a reader is waiting on the
 * page, and the form by hand is there when arXiv does not answer.
 */
export function arxivClient(env: Env = getEnv()): PoliteClient {
  let client = clients.get(env);
  if (!client) {
    const settings = upstreamSettings(env);
    client = new PoliteClient({
      ...settings,
      ratePerSecond: env.ARXIV_RATE_PER_SECOND,
      maxAttempts: Math.min(settings.maxAttempts, 3),
      timeoutMs: Math.min(settings.timeoutMs, 15_000),
      maxRetryAfterMs: 10_000,
    });
    clients.set(env, client);
  }
  return client;
}

/** {ARXIV_API_URL}?id_list=ID, whatever query the base already has kept. */
export function arxivQueryUrl(base: string, id: string): string {
  const url = new URL(base);
  url.searchParams.set("id_list", id);
  return url.toString();
}

type Answer = { status: number; feed: ArxivFeed | null };

function parseAnswer(body: string, status: number): Answer {
  if (status === 400) {
    // arXiv explains a 400 in an error entry; a 400 without one is still a refusal of the id.
    try {
      return { status, feed: parseArxivFeed(body) };
    } catch {
      return { status, feed: null };
    }
  }
  if (status !== 200) {
    const excerpt = body.replace(/\s+/g, " ").trim().slice(0, 200);
    throw new Error(`HTTP ${status}${excerpt ? `: ${excerpt}` : ""}`);
  }
  return { status, feed: parseArxivFeed(body) };
}

/**
 * The paper `id` (canonical, checked by the caller) as arXiv describes it.
 * Throws AppError: bad_request when arXiv refuses the id, not_found when it
 * knows no such paper, unavailable when it could not be asked (after the
 * client's retries). Messages are meant for the reader.
 */
export async function fetchArxivPaper(client: PoliteClient, base: string, id: string): Promise<ArxivEntry> {
  let answer: Answer;
  try {
    ({ value: answer } = await client.get(arxivQueryUrl(base, id), parseAnswer));
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    throw new AppError({
      code: "unavailable",
      message: `arXiv could not be reached (${error.message}). Try again in a minute, or fill in the form by hand.`,
    });
  }
  const errors = answer.feed?.errors ?? [];
  if (answer.status === 400 || errors.length) {
    const reason = errors[0] ? ` (it says: ${errors[0]})` : "";
    throw new AppError({
      code: "bad_request",
      message: `arXiv does not accept ${id} as an id${reason}. Check the id.`,
    });
  }
  const entry = answer.feed?.entries.find((e) => e.id === id);
  if (!entry) {
    throw new AppError({
      code: "not_found",
      message: `arXiv has no paper ${id}. Check the id, or fill in the form by hand.`,
    });
  }
  return entry;
}
