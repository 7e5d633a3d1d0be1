import type { FeedPaper } from "@/lib/papers/queries";
import type { DigestKind, DigestPeriod } from "./periods";
import { escapeHtml } from "@/lib/html/escape-html";
import { mailLayout } from "@/lib/mail/layout";
import { isolateText } from "@/lib/text/bidi";
import type { ScheduleWords } from "./cron";

// The digest's mails, rendered by pure functions to a subject, a plain-text
// body and an HTML body, in the one mail layout (lib/mail/layout.ts). Titles, abstracts and author names are imported text:
// in HTML every one of them goes through escapeHtml, and in both bodies each
// is isolated for bidi (lib/text/bidi.ts: an override in one author's name
// must not reverse the next one's; in HTML also <bdi>, for clients that keep
// it).

export type RenderedMail = { subject: string; text: string; html: string };

export type DigestRecipient = {
  email: string;
  frequency: DigestKind;
  keywords: string | null;
  minUpvotes: number | null;
};

export type DigestLinks = {
  /** APP_URL, no trailing slash. */
  site: string;
  /** The period's permanent archive page ("view in browser"). */
  archive: string;
  preferences: string;
  unsubscribe: string;
};

const ABSTRACT_CHARS = 280;
const SUBJECT_TITLE_CHARS = 90;

/** One line of text: imported titles carry newlines and runs of spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim();
}

function shorten(text: string, max: number): string {
  const line = oneLine(text);
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, "")}…`;
}

// An old-style id's slash stays a slash: /papers/hep-th/0101001 is its page, and arXiv's.
const idPath = (id: string) => id.split("/").map(encodeURIComponent).join("/");

export function paperUrl(site: string, id: string): string {
  return `${site}/papers/${idPath(id)}`;
}

export function arxivUrl(id: string): string {
  return `https://arxiv.org/abs/${idPath(id)}`;
}

function periodName(period: DigestPeriod): string {
  return period.kind === "daily"
    ? `Daily Papers, ${period.label}`
    : `Weekly Papers, ${period.label.replace(/ \(.*\)$/, "")}`;
}

/** Imported text as a plain-text body shows it: one line, isolated. */
function plain(text: string): string {
  return isolateText(oneLine(text));
}

/** Imported text as the HTML body shows it: one line, isolated, escaped. */
function html(text: string): string {
  return `<bdi>${escapeHtml(plain(text))}</bdi>`;
}

/** "A, B, C et al. · Org", each name isolated on its own: `show` is plain or html. */
function authorsLine(paper: FeedPaper, show: (text: string) => string): string {
  const names = paper.authors.slice(0, 3).map(show).join(", ");
  const more = paper.authorCount > 3 ? " et al." : "";
  const org = paper.orgName ? ` · ${show(paper.orgName)}` : "";
  return `${names}${more}${org}`;
}

function whyLines(
  recipient: DigestRecipient,
  schedule: ScheduleWords,
): { why: string; filters: string | null } {
  const cadence =
    recipient.frequency === "daily"
      ? `daily digest (${schedule.daily})`
      : `weekly digest (${schedule.weekly})`;
  const filters = [
    recipient.keywords ? `keywords ${recipient.keywords}` : null,
    recipient.minUpvotes ? `at least ${recipient.minUpvotes} upvotes` : null,
  ].filter(Boolean);
  return {
    why: `You get this mail because ${recipient.email} subscribed to Paperboy's ${cadence} and confirmed it.`,
    filters: filters.length ? `Your filters: ${filters.join(", ")}.` : null,
  };
}

export function digestSubject(period: DigestPeriod, papers: FeedPaper[]): string {
  const top = papers[0];
  if (!top) return periodName(period);
  const more = papers.length > 1 ? ` and ${papers.length - 1} more` : "";
  return `${periodName(period)}: ${isolateText(shorten(top.title, SUBJECT_TITLE_CHARS))}${more}`;
}

export function renderDigest(input: {
  period: DigestPeriod;
  papers: FeedPaper[];
  recipient: DigestRecipient;
  links: DigestLinks;
  /** DIGEST_CRON in words (lib/digest/cron.ts describeSchedule). */
  schedule: ScheduleWords;
}): RenderedMail {
  const { period, papers, recipient, links } = input;
  const subject = digestSubject(period, papers);
  const { why, filters } = whyLines(recipient, input.schedule);
  const heading = periodName(period);
  const intro = `The top ${papers.length === 1 ? "paper" : `${papers.length} papers`} by upvotes${period.kind === "daily" ? ` on ${period.label}` : ` in ${period.label}`}.`;

  const text = [
    `Paperboy · ${heading}`,
    intro,
    `View in your browser: ${links.archive}`,
    "",
    ...papers.flatMap((paper, i) =>
      [
        `${i + 1}. ${plain(paper.title)}`,
        `   ${paper.upvotes} upvotes · ${authorsLine(paper, plain)}`,
        paper.abstract ? `   ${isolateText(shorten(paper.abstract, ABSTRACT_CHARS))}` : null,
        `   Paperboy: ${paperUrl(links.site, paper.id)}`,
        `   arXiv:    ${arxivUrl(paper.id)}`,
        "",
      ].filter((line): line is string => line !== null),
    ),
    "-- ",
    why,
    ...(filters ? [filters] : []),
    `Change your preferences: ${links.preferences}`,
    `Unsubscribe (one click): ${links.unsubscribe}`,
    "",
  ].join("\n");

  const items = papers
    .map(
      (paper, i) => `
      <tr><td class="pb-item" style="padding:16px 0;border-top:1px solid #e5e7eb;">
        <p style="margin:0 0 4px;font-size:12px;color:#6b7280;" class="pb-muted">#${i + 1} · ${paper.upvotes} upvotes</p>
        <p style="margin:0 0 6px;font-size:17px;line-height:1.35;font-weight:600;"><a href="${escapeHtml(paperUrl(links.site, paper.id))}" class="pb-title" style="color:#111827;text-decoration:none;">${html(paper.title)}</a></p>
        <p style="margin:0 0 8px;font-size:13px;color:#4b5563;" class="pb-muted">${authorsLine(paper, html)}</p>
        ${paper.abstract ? `<p style="margin:0 0 8px;font-size:14px;line-height:1.5;color:#374151;" class="pb-text">${html(shorten(paper.abstract, ABSTRACT_CHARS))}</p>` : ""}
        <p style="margin:0;font-size:13px;"><a href="${escapeHtml(paperUrl(links.site, paper.id))}" class="pb-link" style="color:#4338ca;">Read on Paperboy</a> &nbsp;·&nbsp; <a href="${escapeHtml(arxivUrl(paper.id))}" class="pb-link" style="color:#4338ca;">arXiv</a></p>
      </td></tr>`,
    )
    .join("");

  const footer = `
      <p style="margin:0 0 8px;">${escapeHtml(why)}${filters ? ` ${escapeHtml(filters)}` : ""}</p>
      <p style="margin:0;"><a href="${escapeHtml(links.preferences)}" class="pb-link" style="color:#4338ca;">Change your preferences</a> &nbsp;·&nbsp; <a href="${escapeHtml(links.unsubscribe)}" class="pb-link" style="color:#4338ca;">Unsubscribe</a></p>`;

  const body = `
      <p style="margin:0 0 4px;font-size:13px;color:#6b7280;" class="pb-muted">Paperboy</p>
      <h1 style="margin:0 0 6px;font-size:22px;line-height:1.3;color:#111827;" class="pb-title">${escapeHtml(heading)}</h1>
      <p style="margin:0 0 16px;font-size:14px;color:#4b5563;" class="pb-muted">${escapeHtml(intro)} <a href="${escapeHtml(links.archive)}" class="pb-link" style="color:#4338ca;">View in your browser</a></p>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${items}
      </table>`;

  return {
    subject,
    text,
    html: mailLayout({
      title: subject,
      preheader: papers[0] ? oneLine(papers[0].title) : heading,
      body,
      footer,
    }),
  };
}

export function renderConfirmationMail(input: {
  email: string;
  confirmUrl: string;
  site: string;
  validDays: number;
}): RenderedMail {
  const subject = "Confirm your Paperboy digest subscription";
  const text = [
    `Someone, hopefully you, asked for Paperboy's digest of trending research papers at ${input.email}.`,
    "",
    `To start receiving it, open this link and press Confirm (valid for ${input.validDays} days):`,
    input.confirmUrl,
    "",
    "If it was not you, ignore this mail: nothing will be sent unless the link is confirmed.",
    "",
    `-- Paperboy, ${input.site}`,
    "",
  ].join("\n");
  const body = `
      <h1 style="margin:0 0 12px;font-size:20px;color:#111827;" class="pb-title">Confirm your subscription</h1>
      <p style="margin:0 0 12px;font-size:15px;line-height:1.5;color:#374151;" class="pb-text">Someone, hopefully you, asked for Paperboy's digest of trending research papers at <strong>${escapeHtml(input.email)}</strong>.</p>
      <p style="margin:0 0 20px;"><a href="${escapeHtml(input.confirmUrl)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:#4338ca;color:#ffffff;text-decoration:none;font-weight:600;">Confirm my subscription</a></p>
      <p style="margin:0 0 12px;font-size:13px;color:#6b7280;" class="pb-muted">The link is valid for ${input.validDays} days. If the button does not work, open ${escapeHtml(input.confirmUrl)}</p>`;
  const footer = `<p style="margin:0;">If it was not you, ignore this mail: nothing will be sent unless the link is confirmed.</p>`;
  return {
    subject,
    text,
    html: mailLayout({ title: subject, preheader: "One click to start receiving the digest.", body, footer }),
  };
}

export function renderAlreadySubscribedMail(input: {
  email: string;
  preferencesUrl: string;
  site: string;
}): RenderedMail {
  const subject = "You are already subscribed to Paperboy's digest";
  const text = [
    `Someone, hopefully you, asked to subscribe ${input.email} to Paperboy's digest. This address already receives it.`,
    "",
    `To change how often it comes, filter it, or unsubscribe: ${input.preferencesUrl}`,
    "",
    `-- Paperboy, ${input.site}`,
    "",
  ].join("\n");
  const body = `
      <h1 style="margin:0 0 12px;font-size:20px;color:#111827;" class="pb-title">You are already subscribed</h1>
      <p style="margin:0 0 12px;font-size:15px;line-height:1.5;color:#374151;" class="pb-text">Someone, hopefully you, asked to subscribe <strong>${escapeHtml(input.email)}</strong> to Paperboy's digest. This address already receives it.</p>
      <p style="margin:0;"><a href="${escapeHtml(input.preferencesUrl)}" class="pb-link" style="color:#4338ca;">Change your preferences or unsubscribe</a></p>`;
  return {
    subject,
    text,
    html: mailLayout({ title: subject, preheader: "Nothing changed.", body, footer: "" }),
  };
}
