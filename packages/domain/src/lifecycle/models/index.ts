import type { LifecycleModelDefinition } from '../model.js';
import { hardwareModel } from './hardware.js';
import { softwareLicenceModel } from './software-licence.js';
import { cloudResourceModel } from './cloud-resource.js';
import { saasSubscriptionModel } from './saas-subscription.js';
import { serviceContractModel } from './service-contract.js';

export { hardwareModel, softwareLicenceModel, cloudResourceModel, saasSubscriptionModel, serviceContractModel };

/** The models a new register starts with, as version 1 of each. */
export const DEFAULT_LIFECYCLE_MODELS: readonly LifecycleModelDefinition[] = [hardwareModel, softwareLicenceModel, cloudResourceModel, saasSubscriptionModel, serviceContractModel];
