// GET /papers/:arxivId/opengraph-image - the paper's preview image
import { imageSize, paperImage } from "../_paper/paper-image";

export const dynamic = "force-dynamic";
export const size = imageSize;
export const contentType = "image/png";
export const alt = "The paper's title and the first lines of its abstract";

export default async function Image({ params }: { params: Promise<{ id: string }> }) {
  return paperImage((await params).id);
}
