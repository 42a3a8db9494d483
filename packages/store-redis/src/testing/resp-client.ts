import { createConnection, type Socket } from 'node:net';
import type { RedisCommandClient } from '../redis-command-client.js';

/**
 * A minimal Redis client (RESP2 over one TCP connection, no TLS, no auth):
 * the `RedisCommandClient` the store needs and nothing more. It loads in
 * microseconds where node-redis takes a few hundred milliseconds of CPU,
 * which is what a crash test starting hundreds of processes pays for; it is
 * tested against a real redis-server by the store's whole contract suite.
 */
export interface RespClient extends RedisCommandClient {
  /** Closes the connection; pending commands fail. */
  close(): Promise<void>;
}

type Reply = string | number | null | Error | Reply[];

interface Pending {
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

const CRLF = '\r\n';

/**
 * Connects a `RespClient` to a `redis://host[:port]` URL (port 6379 when
 * none); resolves once the TCP connection is up, rejects if it fails. Any
 * user, password or database in the URL is ignored.
 */
export async function connectRespClient(url: string): Promise<RespClient> {
  const { protocol, hostname, port } = new URL(url);
  if (protocol !== 'redis:') throw new TypeError(`connectRespClient supports redis:// URLs only, got ${protocol}`);
  const socket = createConnection({ host: hostname, port: Number(port || 6379) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return new Connection(socket);
}

class Connection implements RespClient {
  private readonly pending: Pending[] = [];
  private buffer = Buffer.alloc(0);
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('Redis connection closed')));
  }

  sendCommand(args: string[]): Promise<unknown> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const parts = [`*${args.length}${CRLF}`];
    for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}${CRLF}${arg}${CRLF}`);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(parts.join(''));
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('Redis connection closed'));
    await new Promise<void>((resolve) => this.socket.end(resolve));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      let parsed: { reply: Reply; end: number } | undefined;
      try {
        parsed = parseReply(this.buffer, 0);
      } catch (error) {
        // Out of step with the server: nothing after this can be trusted.
        this.fail(error as Error);
        this.socket.destroy();
        return;
      }
      if (parsed === undefined) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const waiting = this.pending.shift();
      if (waiting === undefined) continue;
      if (parsed.reply instanceof Error) waiting.reject(parsed.reply);
      else waiting.resolve(parsed.reply);
    }
  }
}

/** One reply starting at `start`, or undefined while it has not fully arrived. */
function parseReply(buffer: Buffer, start: number): { reply: Reply; end: number } | undefined {
  const lineEnd = buffer.indexOf(CRLF, start);
  if (lineEnd === -1) return undefined;
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + CRLF.length;
  switch (String.fromCharCode(buffer[start] as number)) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: new Error(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buffer.length < next + length + CRLF.length) return undefined;
      return { reply: buffer.toString('utf8', next, next + length), end: next + length + CRLF.length };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: Reply[] = [];
      let end = next;
      for (let index = 0; index < count; index += 1) {
        const item = parseReply(buffer, end);
        if (item === undefined) return undefined;
        items.push(item.reply);
        end = item.end;
      }
      return { reply: items, end };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(buffer.toString('utf8', start, start + 1))}`);
  }
}
