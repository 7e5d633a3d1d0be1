import type { Metadata, Viewport } from "next";
import { Suspense } from "react";
import { KeyboardShortcuts } from "@/components/layout/keyboard-shortcuts";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { digestScheduleWords } from "@/lib/digest/schedule-words";
import { appUrl } from "@/lib/env";
import "./globals.css";

const DESCRIPTION = "Today's research papers, ranked by the community's upvotes.";

// A function, not a constant: APP_URL is read when the server runs, not when it is built.
export function generateMetadata(): Metadata {
  return {
    metadataBase: new URL(appUrl()),
    title: { default: "Paperboy · Daily Papers", template: "%s · Paperboy" },
    description: DESCRIPTION,
    // No canonical here: a page without one of its own must not claim to be the front page.
    alternates: { types: { "application/rss+xml": "/feed.xml" } },
    openGraph: {
      siteName: "Paperboy",
      type: "website",
      locale: "en_US",
      title: "Paperboy · Daily Papers",
      description: DESCRIPTION,
    },
    twitter: { card: "summary", title: "Paperboy · Daily Papers", description: DESCRIPTION },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0f19" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* eslint-disable-next-line @next/next/no-sync-scripts -- must run before paint to pick the theme */}
        <script src="/theme.js" />
      </head>
      <body className="min-h-screen bg-white font-sans text-gray-900 antialiased dark:bg-[#0b0f19] dark:text-gray-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-gray-900"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-4xl px-4 pb-16 pt-6 sm:px-6">
          {children}
        </main>
        <SiteFooter schedule={digestScheduleWords()} />
        {/* It reads the address (useSearchParams): a static page renders it in the browser. */}
        <Suspense fallback={null}>
          <KeyboardShortcuts />
        </Suspense>
      </body>
    </html>
  );
}
