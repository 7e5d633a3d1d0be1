import { describe, expect, it } from "vitest";
import { renderSignInMail } from "@/lib/auth/sign-in-mail";
import { renderAlreadySubscribedMail, renderConfirmationMail } from "@/lib/digest/render";
import { escapeHtml } from "@/lib/html/escape-html";

// Every mail goes out in the one layout (lib/mail/layout.ts): light and dark,
// a card, a footer, and what the caller passes in escaped.

const site = "https://papers.example.org";
const mails = {
  signIn: renderSignInMail({
    url: `${site}/signin/confirm?token=ab&x="><script>`,
    host: "papers.example.org<script>",
    expires: new Date(Date.now() + 30 * 60_000),
  }),
  confirmation: renderConfirmationMail({
    email: "reader@example.org",
    confirmUrl: `${site}/subscribe/confirm?token=a.b`,
    site,
    validDays: 7,
  }),
  alreadySubscribed: renderAlreadySubscribedMail({
    email: "reader@example.org",
    preferencesUrl: `${site}/preferences?token=a.b`,
    site,
  }),
};

describe("the one mail layout", () => {
  for (const [name, mail] of Object.entries(mails)) {
    it(`holds the ${name} mail, with dark mode and a footer`, () => {
      expect(mail.html).toMatch(/^<!DOCTYPE html>/);
      expect(mail.html).toContain('<meta name="color-scheme" content="light dark">');
      expect(mail.html).toContain('class="pb-card"');
      expect(mail.html).toContain('class="pb-footer"');
      expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    });
  }

  it("escapes what it is given", () => {
    expect(mails.signIn.html).not.toContain("<script>");
    expect(mails.signIn.html).toContain("papers.example.org&lt;script&gt;");
    expect(mails.signIn.html).toContain("x=&quot;&gt;&lt;script&gt;");
  });
});
