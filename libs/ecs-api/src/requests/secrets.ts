/**
 * The secret store's requests: Secrets Manager's (botocore secretsmanager/2017-10-17) and SSM
 * Parameter Store's (ssm/2014-11-06), with members in camelCase as every request here is (the JSON
 * endpoint turns `SecretId` into `secretId`). Structure only; the meaning is the application layer's.
 */
import { z } from 'zod';
import { integer, names, tags, text } from './common.js';

const paging = { maxResults: integer.optional(), nextToken: text.optional() };
/** Filters are read so a request that carries them is not refused; Berth lists everything. */
const filters = z.array(z.record(z.string(), z.unknown())).optional();

export const createSecretRequest = z.object({
  name: text.optional(),
  description: text.optional(),
  secretString: text.optional(),
  secretBinary: text.optional(),
  kmsKeyId: text.optional(),
  clientRequestToken: text.optional(),
  tags: tags.optional(),
});
export const putSecretValueRequest = z.object({
  secretId: text.optional(),
  secretString: text.optional(),
  secretBinary: text.optional(),
  clientRequestToken: text.optional(),
  versionStages: names.optional(),
});
export const getSecretValueRequest = z.object({ secretId: text.optional(), versionId: text.optional(), versionStage: text.optional() });
export const describeSecretRequest = z.object({ secretId: text.optional() });
export const listSecretsRequest = z.object({ ...paging, includePlannedDeletion: z.boolean().optional(), filters, sortOrder: text.optional() });
export const deleteSecretRequest = z.object({ secretId: text.optional(), recoveryWindowInDays: integer.optional(), forceDeleteWithoutRecovery: z.boolean().optional() });
export const restoreSecretRequest = z.object({ secretId: text.optional() });

export const putParameterRequest = z.object({
  name: text.optional(),
  description: text.optional(),
  value: text.optional(),
  type: text.optional(),
  keyId: text.optional(),
  overwrite: z.boolean().optional(),
  allowedPattern: text.optional(),
  tags: tags.optional(),
  tier: text.optional(),
  dataType: text.optional(),
});
export const getParameterRequest = z.object({ name: text.optional(), withDecryption: z.boolean().optional() });
export const getParametersRequest = z.object({ names: names.optional(), withDecryption: z.boolean().optional() });
export const deleteParameterRequest = z.object({ name: text.optional() });
export const describeParametersRequest = z.object({ ...paging, filters, parameterFilters: filters });
