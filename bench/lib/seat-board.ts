export type SeatSpot = { id: number; row: string; number: number };

/**
 * What the buyers believe is still free, as a crowd watching the live seat map would: every
 * hold they win, and every seat a 409 names, is crossed off. A buyer asks for `size` neighbouring
 * seats in one row when it can, and fills up with any free seats otherwise.
 */
export class SeatBoard {
  private readonly free: number[] = [];
  private readonly index = new Map<number, number>();
  private readonly byId = new Map<number, SeatSpot>();
  private readonly rows = new Map<string, SeatSpot[]>();

  constructor(
    readonly seats: SeatSpot[],
    private readonly rand: () => number,
  ) {
    for (const seat of seats) {
      this.byId.set(seat.id, seat);
      this.index.set(seat.id, this.free.length);
      this.free.push(seat.id);
      const row = this.rows.get(seat.row) ?? [];
      row.push(seat);
      this.rows.set(seat.row, row);
    }
    for (const row of this.rows.values()) row.sort((a, b) => a.number - b.number);
  }

  get freeCount(): number {
    return this.free.length;
  }

  isFree = (id: number) => this.index.has(id);

  take(ids: number[]): void {
    for (const id of ids) {
      const at = this.index.get(id);
      if (at === undefined) continue;
      const last = this.free.pop() as number;
      if (last !== id) {
        this.free[at] = last;
        this.index.set(last, at);
      }
      this.index.delete(id);
    }
  }

  private randomFree(): number {
    return this.free[Math.floor(this.rand() * this.free.length)] as number;
  }

  /** Seats to ask for. With nothing believed free, a late buyer tries random seats (and gets a 409). */
  pick(size: number): number[] {
    if (this.free.length === 0) {
      const out = new Set<number>();
      while (out.size < Math.min(size, this.seats.length))
        out.add((this.seats[Math.floor(this.rand() * this.seats.length)] as SeatSpot).id);
      return [...out];
    }
    const want = Math.min(size, this.free.length);
    const first = this.byId.get(this.randomFree()) as SeatSpot;
    const row = this.rows.get(first.row) as SeatSpot[];
    const at = row.findIndex((s) => s.id === first.id);
    const picked = [first.id];
    for (let step = 1; picked.length < want && step < row.length; step++) {
      for (const neighbour of [row[at + step], row[at - step]]) {
        if (picked.length < want && neighbour && this.isFree(neighbour.id)) picked.push(neighbour.id);
      }
    }
    while (picked.length < want) {
      const id = this.randomFree();
      if (!picked.includes(id)) picked.push(id);
    }
    return picked;
  }
}
