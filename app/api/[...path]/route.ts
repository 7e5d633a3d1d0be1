// Any other /api/ path - a JSON 404 with a code, for programs, instead of an HTML page
import { apiError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const notFound = () =>
  apiError("not_found", "No such API endpoint. See the README for the ones Paperboy serves.");

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
