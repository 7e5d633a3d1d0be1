// GET /authors/:name?p=N - the papers of one author, ranked by upvotes
import { peoplePage } from "../../_people/people-page";

export const dynamic = "force-dynamic";

const { generateMetadata, Page } = peoplePage("author", "name");
export { generateMetadata };
export default Page;
