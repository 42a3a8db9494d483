/** Where the Region comes from without --region, in order, as the AWS CLI and SDKs read it. */
export const REGION_ENV_VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

/** The Region the environment names, if any (an empty variable counts as unset). */
export function regionFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return REGION_ENV_VARS.map((name) => env[name]).find((value): value is string => value !== undefined && value !== '');
}
