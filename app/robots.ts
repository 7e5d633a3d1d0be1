// GET /robots.txt - crawl the feed and the papers; not accounts, mail links, the API or search results
import type { MetadataRoute } from "next";
import { appUrl } from "@/lib/env";

// Read when served: APP_URL is the running server's, not the build's.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: "*",
      allow: "/",
      disallow: [
        "/api/",
        "/admin",
        "/me/",
        "/dev/",
        "/signin",
        "/submit",
        "/preferences",
        "/unsubscribe",
        "/subscribe/confirm",
      ],
    },
    sitemap: `${appUrl()}/sitemap.xml`,
  };
}
