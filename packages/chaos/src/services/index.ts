import type { ServiceName } from '@retrysafe/fake-aws';
import { cloudFormationWorkload } from './cloudformation.js';
import { ec2Workload } from './ec2.js';
import { ramWorkload } from './ram.js';
import type { ServiceWorkload } from './service-workload.js';

/** Every service the chaos workload drives, by fake-aws service name. */
export const SERVICE_WORKLOADS: { readonly [S in ServiceName]: ServiceWorkload<S> } = {
  ec2: ec2Workload,
  cloudformation: cloudFormationWorkload,
  ram: ramWorkload,
};
