import type pg from "pg";

// The feed's version (feed_state.version, moved by triggers on every committed
// change to papers or votes), read so that a request never sees a version
// from before it arrived: a request that finds a read already running waits
// for the next one, which starts after it. So at most two reads are in flight
// however many requests arrive, and a change committed before a request
// arrived is always seen by it.

export class FeedVersionReader {
  private running: Promise<string> | null = null;
  private following: Promise<string> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  current(): Promise<string> {
    if (!this.running) return this.start();
    this.following ??= this.running.then(
      () => this.startFollowing(),
      () => this.startFollowing(),
    );
    return this.following;
  }

  private startFollowing(): Promise<string> {
    this.following = null;
    return this.start();
  }

  private start(): Promise<string> {
    const read = this.pool
      .query<{ version: string }>("SELECT version::text AS version FROM feed_state WHERE id = 1")
      .then((r) => r.rows[0]?.version ?? "0");
    this.running = read;
    const clear = () => {
      if (this.running === read) this.running = null;
    };
    read.then(clear, clear);
    return read;
  }
}
