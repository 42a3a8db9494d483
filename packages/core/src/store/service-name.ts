/**
 * The one spelling of a service inside binding keys, so 'EC2Client', 'EC2'
 * and 'ec2' bind the same operation: lowercase, letters and digits only, a
 * trailing 'client' dropped.
 *
 * Private to the store: a stand-in until src/tokens offers the shared helper.
 */
const CLIENT_SUFFIX = 'client';

export function normalizeServiceName(service: string): string {
  const compact = service.toLowerCase().replace(/[^a-z0-9]/g, '');
  return compact.endsWith(CLIENT_SUFFIX) && compact.length > CLIENT_SUFFIX.length
    ? compact.slice(0, -CLIENT_SUFFIX.length)
    : compact;
}
