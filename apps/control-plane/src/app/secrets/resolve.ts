import {
  missingParametersDetail,
  missingSecretDetail,
  parameterCandidates,
  parseValueFrom,
  pickSecretValue,
  registryAuthFromSecret,
  secretLookupOf,
  secretsFailureReason,
  type RegistryAuth,
  type SecretReference,
  type StoredSecret,
  type TaskDefinition,
} from '@berth/domain';
import type { AppContext } from '../context.js';
import { matchParameter, matchSecret } from './lookup.js';

/**
 * What a starting task's containers get from the secret store: the environment variables of their
 * `secrets` and the registry credentials of their `repositoryCredentials` — or, when one cannot be
 * had, why the task fails to start (ECS's words). Values are opened here and travel only to the
 * agent over its authenticated session; they are never stored with the task.
 */
export interface ResolvedSecrets {
  readonly environment: ReadonlyMap<string, readonly { readonly name: string; readonly value: string }[]>;
  readonly registryAuth: ReadonlyMap<string, RegistryAuth>;
  readonly startError?: string;
}

/** Whether a definition takes anything from the secret store. */
export function usesSecrets(definition: TaskDefinition): boolean {
  return definition.containerDefinitions.some((c) => c.secrets.length > 0 || c.repositoryCredentials !== undefined);
}

/** Every `valueFrom` and `credentialsParameter` of a definition, with what it names. */
function referencesOf(definition: TaskDefinition): { readonly valueFrom: string; readonly ref: SecretReference }[] {
  const refs: { valueFrom: string; ref: SecretReference }[] = [];
  const add = (valueFrom: string) => {
    const parsed = parseValueFrom(valueFrom);
    if ('ok' in parsed) refs.push({ valueFrom, ref: parsed.ok });
  };
  for (const c of definition.containerDefinitions) {
    for (const s of c.secrets) add(s.valueFrom);
    if (c.repositoryCredentials) add(c.repositoryCredentials.credentialsParameter);
  }
  return refs;
}

/** The secrets and parameters every definition refers to, read in two queries. */
export async function loadReferenced(app: Pick<AppContext, 'store'>, definitions: readonly TaskDefinition[]): Promise<{ secrets: StoredSecret[]; parameters: StoredSecret[] }> {
  const refs = definitions.flatMap(referencesOf);
  const secretIds = refs.flatMap(({ ref }) => (ref.kind === 'secret' ? [secretLookupOf(ref.secretId)] : []));
  // By the reference as written: an ARN's `parameter/token` may mean `token` or `/token`, a name only itself.
  const parameterNames = refs.flatMap(({ valueFrom, ref }) => (ref.kind === 'parameter' ? parameterCandidates(valueFrom) : []));
  const [secrets, parameters] = await Promise.all([
    secretIds.length > 0 ? app.store.read.findSecrets('secret', { names: secretIds.map((s) => s.name), arns: secretIds.flatMap((s) => (s.arn ? [s.arn] : [])) }) : [],
    parameterNames.length > 0 ? app.store.read.findSecrets('parameter', { names: parameterNames }) : [],
  ]);
  return { secrets, parameters };
}

/** One task's values out of what `loadReferenced` read; the first missing one fails the task. */
export function resolveFor(app: Pick<AppContext, 'secrets'>, definition: TaskDefinition, loaded: { secrets: readonly StoredSecret[]; parameters: readonly StoredSecret[] }): ResolvedSecrets {
  const environment = new Map<string, { name: string; value: string }[]>();
  const registryAuth = new Map<string, RegistryAuth>();
  const missingParameters: string[] = [];
  const fail = (detail: string): ResolvedSecrets => ({ environment: new Map(), registryAuth: new Map(), startError: secretsFailureReason(detail) });
  const secretValue = (ref: Extract<SecretReference, { kind: 'secret' }>): { ok: string } | { problem: string } => {
    const secret = matchSecret(loaded.secrets, ref.secretId);
    if (!secret || secret.deletionDate) return { problem: missingSecretDetail(ref.secretId) };
    const versions = {
      current: { versionId: secret.current.versionId, value: app.secrets.open(secret.current.sealedValue) },
      ...(secret.previous ? { previous: { versionId: secret.previous.versionId, value: app.secrets.open(secret.previous.sealedValue) } } : {}),
    };
    const picked = pickSecretValue(versions, ref);
    return 'ok' in picked ? picked : { problem: `unable to retrieve secret from asm: secret ${ref.secretId}: ${picked.problem}` };
  };
  for (const c of definition.containerDefinitions) {
    const values: { name: string; value: string }[] = [];
    for (const s of c.secrets) {
      const parsed = parseValueFrom(s.valueFrom);
      if ('problem' in parsed) return fail(`secret ${s.name}: ${parsed.problem}`);
      const ref = parsed.ok;
      if (ref.kind === 'parameter') {
        const parameter = matchParameter(loaded.parameters, s.valueFrom);
        if (!parameter) missingParameters.push(s.valueFrom);
        else values.push({ name: s.name, value: app.secrets.open(parameter.current.sealedValue) });
        continue;
      }
      const value = secretValue(ref);
      if ('problem' in value) return fail(value.problem);
      values.push({ name: s.name, value: value.ok });
    }
    if (values.length > 0) environment.set(c.name, values);
    if (c.repositoryCredentials) {
      const parsed = parseValueFrom(c.repositoryCredentials.credentialsParameter);
      if ('problem' in parsed || parsed.ok.kind !== 'secret') return fail(`repositoryCredentials of container ${c.name}: not a Secrets Manager secret`);
      const value = secretValue(parsed.ok);
      if ('problem' in value) return fail(value.problem);
      const auth = registryAuthFromSecret(value.ok);
      if ('problem' in auth) return fail(`unable to retrieve registry auth for container ${c.name}: ${auth.problem}`);
      registryAuth.set(c.name, auth.ok);
    }
  }
  if (missingParameters.length > 0) return fail(missingParametersDetail(missingParameters));
  return { environment, registryAuth };
}
