import { createHash } from 'node:crypto';

// Resource ids (instance ids, stack ids, share ids, request ids) derived from
// the server's seed and a counter: unique within a server, realistic in shape,
// and the same on every run with the same seed, so a chaos run can be replayed.

const UUID_HEX_LENGTH = 32;

export class IdGenerator {
  private counter = 0;

  constructor(private readonly seed: number) {}

  /** `length` lowercase hex characters (at most 64), for ids like `i-0123...`. */
  hex(length: number): string {
    this.counter += 1;
    return createHash('sha256').update(`${this.seed}:${this.counter}`).digest('hex').slice(0, length);
  }

  /** A UUID-shaped id (version 4 layout), for stack ids, share ids and request ids. */
  uuid(): string {
    const h = this.hex(UUID_HEX_LENGTH);
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
