// One HTTP response as the server writes it.

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The header every AWS response carries; the SDK reads `$metadata.requestId` from it. */
export const REQUEST_ID_HEADER = 'x-amzn-requestid';

export const HTTP_OK = 200;
