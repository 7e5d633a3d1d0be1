import { describe, expect, it } from "vitest";
import { describeSchedule } from "@/lib/digest/cron";
import { dailyPeriod, weeklyPeriodOf } from "@/lib/digest/periods";
import { digestSubject, renderConfirmationMail, renderDigest } from "@/lib/digest/render";
import { escapeHtml } from "@/lib/html/escape-html";
import type { IsoDate } from "@/lib/papers/dates";
import type { FeedPaper } from "@/lib/papers/queries";
import { NO_EXTRAS } from "@/lib/papers/schemas";

const paper = (id: string, title: string, over: Partial<FeedPaper> = {}): FeedPaper => ({
  id,
  title,
  abstract: "An abstract.",
  upvotes: 12,
  authorCount: 5,
  authors: ["Ada", "Alan", "Grace", "Edsger", "Barbara"],
  orgHandle: "acme",
  orgName: "ACME <Labs>",
  feedDate: "2026-03-31" as IsoDate,
  feedAddedAt: new Date(0),
  publishedAt: null,
  submittedBy: null,
  extras: NO_EXTRAS,
  hidden: false,
  ...over,
});

const links = {
  site: "https://papers.example.org",
  archive: "https://papers.example.org/digest/daily/2026-03-31",
  preferences: "https://papers.example.org/preferences?token=p.q",
  unsubscribe: "https://papers.example.org/unsubscribe?token=u.v",
};
const schedule = describeSchedule({ cron: "0 8 * * 1-5", timeZone: "UTC" });
const recipient = {
  email: "reader@example.org",
  frequency: "daily" as const,
  keywords: '"robot arms"',
  minUpvotes: 5,
};

describe("renderDigest", () => {
  const day = dailyPeriod("2026-03-31" as IsoDate);
  const mail = renderDigest({
    period: day,
    papers: [
      paper("2603.00001", 'Robot  arms\n<img src=x onerror="alert(1)"> & more', {
        abstract: "x".repeat(400),
      }),
      paper("2603.00002", "Second"),
    ],
    recipient,
    links,
    schedule,
  });

  it("is pure: the same input, the same output", () => {
    expect(
      renderDigest({ period: day, papers: [paper("2603.00001", "A")], recipient, links, schedule }),
    ).toEqual(renderDigest({ period: day, papers: [paper("2603.00001", "A")], recipient, links, schedule }));
  });

  it("puts the date and the top title in the subject, on one line", () => {
    expect(mail.subject).toBe(
      'Daily Papers, Mar 31, 2026: Robot arms <img src=x onerror="alert(1)"> & more and 1 more',
    );
    expect(digestSubject(weeklyPeriodOf("2026-03-31" as IsoDate), [paper("1", "Only one")])).toBe(
      "Weekly Papers, Week 14, 2026: Only one",
    );
    expect(digestSubject(day, [paper("1", "t".repeat(200))]).length).toBeLessThan(130);
  });

  it("writes a plain-text body with every link and why the reader gets it", () => {
    expect(mail.text).toContain('1. Robot arms <img src=x onerror="alert(1)"> & more');
    expect(mail.text).toContain("https://papers.example.org/papers/2603.00001");
    expect(mail.text).toContain("https://arxiv.org/abs/2603.00002");
    expect(mail.text).toContain("View in your browser: https://papers.example.org/digest/daily/2026-03-31");
    expect(mail.text).toContain("Ada, Alan, Grace et al. · ACME <Labs>");
    expect(mail.text).toContain(
      "because reader@example.org subscribed to Paperboy's daily digest (every weekday)",
    );
    expect(mail.text).toContain('Your filters: keywords "robot arms", at least 5 upvotes.');
    expect(mail.text).toContain("Unsubscribe (one click): https://papers.example.org/unsubscribe?token=u.v");
    expect(mail.text).toMatch(/x{200,}…/); // abstracts are cut
  });

  it("says when the digest comes as DIGEST_CRON has it, not as the default", () => {
    const tuesdays = describeSchedule({ cron: "0 7 * * 2,4", timeZone: "UTC" });
    const daily = renderDigest({
      period: day,
      papers: [paper("2603.00001", "A")],
      recipient,
      links,
      schedule: tuesdays,
    });
    expect(daily.text).toContain("Paperboy's daily digest (on Tuesdays and Thursdays)");
    const weekly = renderDigest({
      period: weeklyPeriodOf("2026-03-31" as IsoDate),
      papers: [paper("2603.00001", "A")],
      recipient: { ...recipient, frequency: "weekly" },
      links,
      schedule: tuesdays,
    });
    expect(weekly.text).toContain("Paperboy's weekly digest (every Tuesday)");
    expect(weekly.html).toContain("weekly digest (every Tuesday)");
  });

  it("escapes imported text in the HTML body, and styles for dark mode", () => {
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("Robot arms\u0020&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more");
    expect(mail.html).toContain("ACME &lt;Labs&gt;");
    expect(mail.html).toContain('href="https://papers.example.org/unsubscribe?token=u.v"');
    expect(mail.html).toContain('href="https://papers.example.org/preferences?token=p.q"');
    expect(mail.html).toContain('href="https://papers.example.org/digest/daily/2026-03-31"');
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(mail.html).toMatch(/@media \(prefers-color-scheme: dark\)[^}]+\.pb-body/);
    expect(mail.html).toContain("&quot;robot arms&quot;");
  });

  it("escapes the five characters HTML cares about", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});

describe("renderConfirmationMail", () => {
  it("carries the link in both bodies and says nothing happens without it", () => {
    const mail = renderConfirmationMail({
      email: "a<b>@example.org",
      confirmUrl: "https://x.org/subscribe/confirm?token=a.b",
      site: "https://x.org",
      validDays: 7,
    });
    expect(mail.text).toContain("https://x.org/subscribe/confirm?token=a.b");
    expect(mail.text).toContain("valid for 7 days");
    expect(mail.text).toContain("nothing will be sent unless the link is confirmed");
    expect(mail.html).toContain('href="https://x.org/subscribe/confirm?token=a.b"');
    expect(mail.html).toContain("a&lt;b&gt;@example.org");
  });
});
