const CLIENT_SUFFIX = 'client';
const NOT_ALPHANUMERIC = /[^a-z0-9]/g;

/**
 * The one spelling of a service: lowercase, letters and digits only, one
 * trailing 'client' dropped. So 'EC2Client', 'EC2' and 'ec2' are one service,
 * as are 'ACMPCAClient' and the models' 'ACM PCA'.
 */
export function normalizeServiceName(name: string): string {
  const compact = compactName(name);
  return compact.endsWith(CLIENT_SUFFIX) && compact.length > CLIENT_SUFFIX.length
    ? compact.slice(0, -CLIENT_SUFFIX.length)
    : compact;
}

/**
 * The one spelling of an operation inside a derivation: lowercase, letters
 * and digits only. A trailing 'Command' is kept: 'InvokeAgentRuntimeCommand'
 * is an operation of its own beside 'InvokeAgentRuntime', so pass the
 * operation name ('RunInstances'), not the command class name.
 */
export function normalizeOperationName(name: string): string {
  return compactName(name);
}

/** Lowercase, letters and digits only: 'ACM PCA' -> 'acmpca'. */
export function compactName(name: string): string {
  return name.toLowerCase().replace(NOT_ALPHANUMERIC, '');
}
