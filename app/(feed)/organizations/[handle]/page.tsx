// GET /organizations/:handle?p=N - the papers of one organization, ranked by upvotes
import { peoplePage } from "../../_people/people-page";

export const dynamic = "force-dynamic";

const { generateMetadata, Page } = peoplePage("organization", "handle");
export { generateMetadata };
export default Page;
