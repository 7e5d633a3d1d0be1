import "server-only";
import { claimNewDeliveries, reclaimDeliveries, type ClaimedDelivery } from "./delivery-queries";
import type { DeliveryRun, DeliverySettings } from "./delivery-run";

/**
 * The rows a round works through: leases taken over from dead workers first,
 * then new claims, walking subscribers by id. One refill at a time, shared by
 * every lane.
 */
export class ClaimQueue {
  private readonly queue: ClaimedDelivery[] = [];
  private cursor = "";
  private drained = false;
  private refilling: Promise<void> | null = null;
  failure: { error: unknown } | null = null;

  constructor(
    private readonly run: DeliveryRun,
    private readonly scope: { period: string; workerId: string; subscriberId: string | null },
    private readonly settings: Pick<DeliverySettings, "batchSize" | "leaseSeconds">,
  ) {}

  /** The next row to send, or null when nothing is left (or claiming failed). */
  async next(lowWater: number): Promise<ClaimedDelivery | null> {
    for (;;) {
      if (this.failure) return null;
      if (this.queue.length < lowWater && !this.drained) {
        const filling = this.refill();
        if (!this.queue.length) await filling;
      }
      const row = this.queue.shift();
      if (row) return row;
      if (this.drained || this.failure) return null;
    }
  }

  putBack(row: ClaimedDelivery): void {
    this.queue.unshift(row);
  }

  unsent(): string[] {
    return this.queue.map((r) => r.id);
  }

  async settled(): Promise<void> {
    await this.refilling;
  }

  private refill(): Promise<void> {
    this.refilling ??= this.claimBatch()
      .catch((error: unknown) => {
        this.failure = { error };
      })
      .finally(() => {
        this.refilling = null;
      });
    return this.refilling;
  }

  private async claimBatch(): Promise<void> {
    const { scope } = this;
    const { batchSize, leaseSeconds } = this.settings;
    const reclaimed = await reclaimDeliveries({ ...scope, limit: batchSize, leaseSeconds });
    this.queue.push(...reclaimed);
    let claimedNew = 0;
    let wrapped = false;
    while (reclaimed.length < batchSize) {
      const { claimed, cursor: next } = await claimNewDeliveries({
        ...scope,
        kind: this.run.period.kind,
        cutoff: this.run.cutoff,
        limit: batchSize - reclaimed.length,
        afterId: this.cursor,
      });
      this.queue.push(...claimed);
      claimedNew += claimed.length;
      if (next !== null) {
        // Candidates were there; if another worker got them all first, walk on.
        this.cursor = next;
        if (claimed.length) break;
        continue;
      }
      // Nothing after the cursor: look once more from the start, for
      // subscribers passed over while another transaction held them.
      if (this.cursor === "" || wrapped) break;
      this.cursor = "";
      wrapped = true;
    }
    if (!reclaimed.length && !claimedNew) this.drained = true;
  }
}
