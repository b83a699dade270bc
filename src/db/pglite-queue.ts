// pglite-socket's own queue interleaves connections message by message, so two postgres.js
// connections sending Parse/Bind/Execute/Sync at once clobber each other's unnamed statement
// ("bind message supplies 1 parameters, but prepared statement requires 9"). PGlite is one
// backend: this queue gives it to one connection for a whole Sync- or Query-terminated group of
// messages (and for a whole transaction), like a real server's separate backends would.
import type { PGlite } from '@electric-sql/pglite';

type OnData = (data: Uint8Array) => void;

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

export class ConnectionGroupQueue {
  #db: PGlite;
  #owner: number | null = null;
  #waiting: { handlerId: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(db: PGlite) {
    this.#db = db;
  }

  async enqueue(handlerId: number, message: Uint8Array, onData: OnData): Promise<number> {
    if (this.#owner !== handlerId) await this.#acquire(handlerId);
    let bytes = 0;
    try {
      await this.#db.runExclusive(() =>
        this.#db.execProtocolRawStream(message, {
          onRawData: (data: Uint8Array) => {
            bytes += data.length;
            onData(data);
          },
        }),
      );
    } finally {
      // A startup packet has no type byte (its first byte is the length's high byte, 0).
      const type = message[0];
      const endsGroup = type === SYNC || type === QUERY || type === TERMINATE || type === 0;
      if (endsGroup && !this.#db.isInTransaction()) this.#release(handlerId);
    }
    return bytes;
  }

  clearQueueForHandler(handlerId: number): void {
    for (const waiter of this.#waiting.filter((w) => w.handlerId === handlerId)) waiter.reject(new Error('Handler disconnected'));
    this.#waiting = this.#waiting.filter((w) => w.handlerId !== handlerId);
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#owner !== handlerId) return;
    if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    this.#release(handlerId);
  }

  getQueueLength(): number {
    return this.#waiting.length;
  }

  #acquire(handlerId: number): Promise<void> {
    if (this.#owner === null) {
      this.#owner = handlerId;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#waiting.push({ handlerId, resolve, reject }));
  }

  #release(handlerId: number): void {
    if (this.#owner !== handlerId) return;
    const next = this.#waiting.shift();
    this.#owner = next ? next.handlerId : null;
    next?.resolve();
  }
}
