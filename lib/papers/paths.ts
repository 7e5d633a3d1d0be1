// Addresses of the pages about a paper's people: pure, for components and routes alike.

/** /authors/<name>: the papers with this author, ranked by upvotes. */
export function authorPath(name: string): string {
  return `/authors/${encodeURIComponent(name)}`;
}

/** /organizations/<handle>: the papers of this organization, ranked by upvotes. */
export function organizationPath(handle: string): string {
  return `/organizations/${encodeURIComponent(handle)}`;
}
