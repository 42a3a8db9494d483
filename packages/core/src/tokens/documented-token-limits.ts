import type { TokenLimits } from './token-limits.js';

/**
 * Limits the services document for a token member but whose models carry no
 * `length` trait for it, so the generated table alone would accept any length
 * and an over-long caller token would only fail at AWS. A model's own limit
 * always wins. Source: the members' API reference text, "Constraint: Maximum
 * 64 ASCII characters" (EC2 RunInstances, CreateFleet, CreateNatGateway) and
 * "Maximum 128 ASCII characters" (EC2 CreateLaunchTemplate, CreateLaunchTemplateVersion).
 */
const DOCUMENTED_MAX_LENGTHS: readonly (readonly [service: string, operation: string, maxLength: number])[] = [
  ['EC2', 'RunInstances', 64],
  ['EC2', 'CreateFleet', 64],
  ['EC2', 'CreateNatGateway', 64],
  ['EC2', 'CreateLaunchTemplate', 128],
  ['EC2', 'CreateLaunchTemplateVersion', 128],
];

const byOperation = new Map(DOCUMENTED_MAX_LENGTHS.map(([service, operation, maxLength]) => [operationKey(service, operation), maxLength]));

/** The model's limits, with the documented maximum length added where the model gives none (names as the table spells them). */
export function withDocumentedLimits(service: string, operation: string, limits: TokenLimits): TokenLimits {
  if (limits.maxLength !== undefined) return limits;
  const maxLength = byOperation.get(operationKey(service, operation));
  return maxLength === undefined ? limits : { ...limits, maxLength };
}

function operationKey(service: string, operation: string): string {
  return `${service}\u0000${operation}`;
}
