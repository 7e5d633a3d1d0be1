import { escapeHtml } from "@/lib/html/escape-html";
import { isolateText } from "@/lib/text/bidi";

// The one layout of Paperboy's mails (the digest, its confirmations, sign-in).
// Tables and inline styles, which mail clients keep; it declares light and
// dark support and restyles itself in clients that honour
// prefers-color-scheme, and clients that invert colours on their own get a
// plain palette that inverts cleanly. The .pb-* classes are the hooks the
// dark styles use.

/** The hidden line clients show after the subject: one line, at most 120 characters. */
function preheaderText(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim();
  return line.length <= 120 ? line : `${line.slice(0, 119)}…`;
}

/**
 * Every mail's HTML: \`body\` and \`footer\` are HTML the caller escaped; the
 * title and preheader are text, escaped here.
 */
export function mailLayout(input: {
  title: string;
  preheader: string;
  body: string;
  footer: string;
}): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(input.title)}</title>
<style>
  :root { color-scheme: light dark; supported-color-schemes: light dark; }
  @media (prefers-color-scheme: dark) {
    .pb-body, .pb-card { background: #0b0f19 !important; }
    .pb-title { color: #f3f4f6 !important; }
    .pb-text { color: #d1d5db !important; }
    .pb-muted, .pb-footer { color: #9ca3af !important; }
    .pb-link { color: #a5b4fc !important; }
    .pb-item { border-top-color: #1f2937 !important; }
  }
</style>
</head>
<body class="pb-body" style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escapeHtml(isolateText(preheaderText(input.preheader)))}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="pb-body" style="background:#f3f4f6;">
  <tr><td align="center" style="padding:24px 12px;">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="pb-card" style="max-width:640px;background:#ffffff;border-radius:8px;">
      <tr><td style="padding:24px;">${input.body}
      </td></tr>
      <tr><td class="pb-footer" style="padding:16px 24px 24px;font-size:12px;line-height:1.5;color:#6b7280;">${input.footer}
      </td></tr>
    </table>
  </td></tr>
</table>
</body>
</html>
`;
}
