// The services fake-aws speaks.

/** The services fake-aws speaks, in lower case as the server names them (stats, logs, `resources`). */
export const SERVICE_NAMES = ['ec2', 'cloudformation', 'ram'] as const;
/** One of `SERVICE_NAMES`. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
