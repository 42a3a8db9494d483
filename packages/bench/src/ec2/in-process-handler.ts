import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';

const HTTP_OK = 200;

/**
 * A `requestHandler` that answers every request in process with one fixed
 * body, as EC2 would: the client still serializes, signs, retries and
 * parses for real; only the socket is gone, so the measured cost is the
 * SDK's and the plugin's, not the network's. Counts requests, so a run can
 * check that every send made exactly one.
 */
export class InProcessHandler {
  requests = 0;
  private readonly body: Uint8Array;
  private readonly headers: Record<string, string>;

  constructor(responseXml: string) {
    this.body = Buffer.from(responseXml, 'utf8');
    this.headers = { 'content-type': 'text/xml;charset=UTF-8', 'content-length': String(this.body.byteLength) };
  }

  async handle(_request: HttpRequest): Promise<{ response: HttpResponse }> {
    this.requests += 1;
    return { response: new HttpResponse({ statusCode: HTTP_OK, headers: { ...this.headers }, body: this.body }) };
  }

  /** The SDK calls this when a client is destroyed; nothing to release. */
  destroy(): void {}
}
