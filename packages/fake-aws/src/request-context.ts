import type { IncomingHttpHeaders } from 'node:http';

// What a service needs to know about the caller beyond the parameters: the
// Region (from the SigV4 credential scope, else the host name, else the
// server's default), the account, a request id and the time.

export interface RequestContext {
  readonly region: string;
  readonly accountId: string;
  readonly requestId: string;
  readonly now: Date;
}

// `Credential=AKID/20261122/us-east-1/ec2/aws4_request`
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;
// `ec2.us-west-2.amazonaws.com`, `cloudformation.eu-west-1.amazonaws.com`
const REGIONAL_HOST = /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com/;

export interface SigningScope {
  readonly region: string;
  readonly service: string;
}

export function signingScope(headers: IncomingHttpHeaders): SigningScope | undefined {
  const match = CREDENTIAL_SCOPE.exec(headers.authorization ?? '');
  if (match === null) return undefined;
  return { region: match[1] as string, service: match[2] as string };
}

export function resolveRegion(headers: IncomingHttpHeaders, defaultRegion: string): string {
  const scope = signingScope(headers);
  if (scope !== undefined) return scope.region;
  const host = REGIONAL_HOST.exec(headers.host ?? '');
  return host?.[1] ?? defaultRegion;
}
