// Who is a Paperboy process on the database, in one place. Every connection a
// Paperboy process opens (Prisma's pool, pg-boss, the health probe, the page
// cache's version reads, the embedded database's presence) carries
// application_name "paperboy:<pid>", so an operator can tell them apart in
// pg_stat_activity and the embedded database's last-one-out rule can leave
// them out of its count of *other* users (a Paperboy process counts through
// its presence lock instead, see lib/database/embedded.ts).

const PREFIX = "paperboy:";

/** The application_name every connection of this process carries. */
export function connectionName(pid: number = process.pid): string {
  return `${PREFIX}${pid}`;
}

/** A SQL LIKE pattern matching every Paperboy connection's application_name. */
export const PAPERBOY_CONNECTION_LIKE = `${PREFIX}%`;

/** The pid in a Paperboy connection's name; undefined for any other name. */
export function pidOfConnectionName(applicationName: string): number | undefined {
  const pid = /^paperboy:(\d+)$/.exec(applicationName)?.[1];
  return pid ? Number(pid) : undefined;
}
