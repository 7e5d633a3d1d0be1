import { escapeHtml } from "@/lib/html/escape-html";

// The sign-in mail: a pure function of the link, so tests read what users get.

export function renderSignInMail({ url, host, expires }: { url: string; host: string; expires: Date }): {
  subject: string;
  text: string;
  html: string;
} {
  const minutes = Math.max(1, Math.round((expires.getTime() - Date.now()) / 60_000));
  const hours = Math.round(minutes / 60);
  const validFor = minutes >= 120 ? `${hours} hours` : `${minutes} minutes`;
  return {
    subject: `Sign in to Paperboy (${host})`,
    text: `Sign in to Paperboy on ${host}: open this link and press Sign in.\n\n${url}\n\nThe link works once and for ${validFor}. If you did not ask for it, ignore this mail: nothing happens without the button.\n`,
    html: `<!doctype html><html><body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;background:#f9fafb;color:#111827">
<table role="presentation" width="100%" style="max-width:480px;margin:0 auto;background:#ffffff;border:1px solid #e5e7eb;border-radius:12px;padding:24px">
<tr><td>
<p style="margin:0 0 8px;font-size:18px;font-weight:600">Sign in to Paperboy</p>
<p style="margin:0 0 20px;color:#4b5563">on ${escapeHtml(host)}</p>
<p style="margin:0 0 20px"><a href="${escapeHtml(url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:8px;font-weight:600">Sign in</a></p>
<p style="margin:0;color:#6b7280;font-size:13px">The link opens a page with a Sign in button; it works once and for ${validFor}. If you did not ask for it, ignore this mail: nothing happens without the button.</p>
</td></tr></table></body></html>`,
  };
}
