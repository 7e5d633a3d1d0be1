// GET /digest/weekly/:week - the weekly digest of an ISO week (YYYY-Www), as a page
import { archivePage } from "../../_archive/archive-page";

export const dynamic = "force-dynamic";

const { generateMetadata, Page } = archivePage("weekly", "week");
export { generateMetadata };
export default Page;
