import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';

/** What the fake transport does with one request. */
export type Reply =
  | { kind: 'respond'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'reset' };

export interface RecordedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A real `requestHandler` for SDK clients: every request goes through the
 * client's real serializers, retry middleware and signer, is recorded here,
 * and is answered from a script (or by `fallback`). 'reset' throws the error
 * Node's HTTP handler throws when the connection drops without a response.
 */
export class RecordingHandler {
  readonly requests: RecordedRequest[] = [];
  private readonly script: Reply[] = [];

  constructor(private readonly fallback: (request: RecordedRequest) => Reply) {}

  /** Queues replies for the next requests, in order. */
  next(...replies: Reply[]): this {
    this.script.push(...replies);
    return this;
  }

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const recorded: RecordedRequest = {
      path: request.path,
      headers: { ...request.headers },
      body: bodyText(request.body),
    };
    this.requests.push(recorded);
    const reply = this.script.shift() ?? this.fallback(recorded);
    if (reply.kind === 'reset') {
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'Error' });
    }
    return {
      response: new HttpResponse({
        statusCode: reply.status,
        headers: reply.headers ?? {},
        body: Buffer.from(reply.body),
      }),
    };
  }
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  throw new Error(`unexpected request body type ${typeof body}`);
}
