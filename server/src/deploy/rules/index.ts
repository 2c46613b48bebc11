// Registry of the deployment rules (OP5xx), in code order.
import type { DeployRule } from './context';
import { configUnreadable, confInlineComment } from './syntax';
import { workersDisabled, workersExceedCpu } from './workers';
import { memoryBelowEstimate, memoryBelowWorkerLimits, memoryHardAboveContainer } from './memory';
import { connectionsExceedMax } from './connections';
import { timeLimitsUnset } from './limits';
import { databaseWithoutLimits, postgresUntuned } from './database';
import { proxyModeMissing, proxyModeExposed, geventPortUnrouted } from './proxy';
import { listDbEnabled, adminPasswordWeak } from './security';
import { queueJobNotServerWide, queueJobChannelsUnset } from './queueJob';
import { healthcheckMissing } from './health';

export const DEPLOY_RULES: DeployRule[] = [
  configUnreadable, workersDisabled, workersExceedCpu, memoryBelowEstimate, memoryBelowWorkerLimits,
  memoryHardAboveContainer, connectionsExceedMax, timeLimitsUnset, databaseWithoutLimits, postgresUntuned,
  proxyModeMissing, proxyModeExposed, geventPortUnrouted, listDbEnabled, adminPasswordWeak,
  queueJobNotServerWide, queueJobChannelsUnset, healthcheckMissing, confInlineComment,
];
