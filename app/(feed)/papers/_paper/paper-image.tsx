// The preview image of a paper (Open Graph, Twitter): its title, the first lines of its
// abstract, the organization and upvotes, rendered here with the font Next ships (no fetch).
import { ImageResponse } from "next/og";
import { excerpt } from "@/lib/html/metadata";
import { findPaperByUrlId } from "@/lib/papers/paper";

export const imageSize = { width: 1200, height: 630 };

export async function paperImage(urlId: string): Promise<ImageResponse> {
  const paper = await findPaperByUrlId(urlId);
  const title = paper ? excerpt(paper.title, 160) : "Paper not found";
  const abstract = paper ? excerpt(paper.abstract, 260) : "";
  const byline = paper
    ? [paper.orgName, `${paper.upvotes} upvotes`, `arXiv ${paper.id}`].filter(Boolean).join("  ·  ")
    : "";
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: "64px 72px",
        background: "#0b0f19",
        color: "#f3f4f6",
      }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 16, fontSize: 30, color: "#a5b4fc" }}>
        <div
          style={{
            display: "flex",
            width: 48,
            height: 48,
            borderRadius: 10,
            background: "#4f46e5",
            color: "white",
            alignItems: "center",
            justifyContent: "center",
          }}
        >
          P
        </div>
        Paperboy · Daily Papers
      </div>
      <div style={{ display: "flex", flexDirection: "column", gap: 24 }}>
        <div style={{ fontSize: title.length > 90 ? 48 : 60, lineHeight: 1.15 }}>{title}</div>
        <div style={{ fontSize: 26, lineHeight: 1.4, color: "#d1d5db" }}>{abstract}</div>
      </div>
      <div style={{ fontSize: 26, color: "#9ca3af" }}>{byline}</div>
    </div>,
    imageSize,
  );
}
