// GET /papers/date - the latest day that has papers
import { redirect } from "next/navigation";

export default function LatestDayPage() {
  redirect("/");
}
