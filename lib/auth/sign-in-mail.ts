import { escapeHtml } from "@/lib/html/escape-html";
import { mailLayout } from "@/lib/mail/layout";

// The sign-in mail: a pure function of the link, so tests read what users get.

export function renderSignInMail({ url, host, expires }: { url: string; host: string; expires: Date }): {
  subject: string;
  text: string;
  html: string;
} {
  const minutes = Math.max(1, Math.round((expires.getTime() - Date.now()) / 60_000));
  const hours = Math.round(minutes / 60);
  const validFor = minutes >= 120 ? `${hours} hours` : `${minutes} minutes`;
  const subject = `Sign in to Paperboy (${host})`;
  const body = `
      <h1 style="margin:0 0 6px;font-size:20px;color:#111827;" class="pb-title">Sign in to Paperboy</h1>
      <p style="margin:0 0 20px;font-size:14px;color:#4b5563;" class="pb-muted">on ${escapeHtml(host)}</p>
      <p style="margin:0 0 20px;"><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:#4338ca;color:#ffffff;text-decoration:none;font-weight:600;">Sign in</a></p>
      <p style="margin:0;font-size:13px;color:#6b7280;" class="pb-muted">The link opens a page with a Sign in button; it works once and for ${validFor}.</p>`;
  const footer = `<p style="margin:0;">If you did not ask for it, ignore this mail: nothing happens without the button.</p>`;
  return {
    subject,
    text: `Sign in to Paperboy on ${host}: open this link and press Sign in.\n\n${url}\n\nThe link works once and for ${validFor}. If you did not ask for it, ignore this mail: nothing happens without the button.\n`,
    html: mailLayout({ title: subject, preheader: `The link works once and for ${validFor}.`, body, footer }),
  };
}
