// GET /digest/daily/:date - the daily digest of a feed day, as a page (the mail's "view in browser")
import { archivePage } from "../../_archive/archive-page";

export const dynamic = "force-dynamic";

const { generateMetadata, Page } = archivePage("daily", "date");
export { generateMetadata };
export default Page;
