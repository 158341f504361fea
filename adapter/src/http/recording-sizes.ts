/**
 * Byte sizes of recordings seen on earlier playbacks, so a later `Range` can be checked before the
 * PBX is asked (see planUpstreamRange). A stored recording never changes size. Bounded: the oldest
 * entry goes first.
 */
export class RecordingSizes {
  private readonly sizes = new Map<string, number>();

  constructor(private readonly capacity = 2_000) {}

  get(key: string): number | undefined {
    return this.sizes.get(key);
  }

  remember(key: string, size: number): void {
    this.sizes.delete(key);
    this.sizes.set(key, size);
    if (this.sizes.size > this.capacity) this.sizes.delete(this.sizes.keys().next().value as string);
  }
}
