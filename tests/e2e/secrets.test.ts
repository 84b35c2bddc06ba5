import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, ecsJson, eventually, freePort, portAccepts, runCommand, startProcess, type KeyPair } from '@berth/test-support';
import { adminCredentials, berth, cleanEnv, removeDir, restartAgent, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';
import { loadEcsModel, outputProblems } from './botocore-model.js';

/** Debian's awscli (v2), by its full path: an older `aws` may come first on PATH. */
const AWS = '/usr/bin/aws';
const MODELS = '/usr/lib/python3/dist-packages/botocore/data';
const PASSWORD = 'pw-7f3a9c1e-never-logged';
const TOKEN = 'tok-5b2d8e0f-never-logged';

/**
 * The secret store end to end: Secrets Manager's and SSM's APIs through the real aws CLI, a task
 * whose container definition takes `secrets` from both (a whole secret, a JSON key, a SecureString
 * parameter) and sees them in its environment on real Docker, and a task whose secret does not
 * exist failing to start with ECS's reason, and a pull from a real registry (Debian's
 * docker-registry with htpasswd auth, on loopback) that fails without repositoryCredentials and
 * succeeds with them or with the agent's own ECS_ENGINE_AUTH_DATA. Neither log shows a value.
 */
describe('secrets end to end', () => {
  let cp: ControlPlane;
  let agent: Agent;
  let admin: KeyPair;

  const awsEnv = () =>
    cleanEnv({ AWS_CONFIG_FILE: '/nonexistent', AWS_DEFAULT_REGION: 'local', AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', AWS_SHARED_CREDENTIALS_FILE: cp.credentialsFile, AWS_PROFILE: 'berth' });
  const aws = (args: string[]) => runCommand(AWS, ['--endpoint-url', `http://${cp.httpEndpoint}`, '--output', 'json', ...args], { env: awsEnv(), timeoutMs: 60_000 });
  const awsJson = async (...args: string[]) => {
    const r = await aws(args);
    if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  };
  const refused = async (args: string[], message: string) => {
    const r = await aws(args);
    expect(r.code, args.join(' ')).toBe(254);
    expect(r.stderr.trim()).toBe(message);
  };
  const task = async (arn: string) => (await berth(cp, ['describe-tasks', '--cluster', 'vault', '--tasks', arn])).json().tasks[0];

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = await adminCredentials(cp);
    expect((await berth(cp, ['create-cluster', '--cluster-name', 'vault'])).code).toBe(0);
    agent = await startAgent(cp, { ECS_CLUSTER: 'vault' }, 'vault');
    await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
  }, 120_000);

  afterAll(async () => {
    await agent?.process.stop();
    await cp?.process.stop();
    const left = (await runCommand('docker', ['ps', '-a', '-q', '--filter', 'label=com.amazonaws.ecs.cluster=vault'])).stdout.split('\n').filter(Boolean);
    if (left.length > 0) await runCommand('docker', ['rm', '-f', ...left]);
    for (const dir of [agent?.dir, cp?.dir]) await removeDir(dir);
  }, 60_000);

  it('keeps secrets and parameters for the real aws CLI, in the shapes of botocore’s models, and refuses bad input naming it', async () => {
    const created = await awsJson('secretsmanager', 'create-secret', '--name', 'db/main', '--secret-string', JSON.stringify({ username: 'app', password: PASSWORD }), '--description', 'the database');
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:local:000000000000:secret:db\/main-[A-Za-z0-9]{6}$/);
    expect(created).toMatchObject({ Name: 'db/main', VersionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const described = await awsJson('secretsmanager', 'describe-secret', '--secret-id', created.ARN);
    expect(described).toMatchObject({ ARN: created.ARN, Name: 'db/main', Description: 'the database', VersionIdsToStages: { [created.VersionId]: ['AWSCURRENT'] } });
    expect(JSON.stringify(described)).not.toContain(PASSWORD);
    const value = await awsJson('secretsmanager', 'get-secret-value', '--secret-id', 'db/main');
    expect(JSON.parse(value.SecretString)).toEqual({ username: 'app', password: PASSWORD });

    const second = await awsJson('secretsmanager', 'put-secret-value', '--secret-id', 'db/main', '--secret-string', JSON.stringify({ username: 'app', password: PASSWORD }));
    expect(second.VersionStages).toEqual(['AWSCURRENT']);
    expect((await awsJson('secretsmanager', 'describe-secret', '--secret-id', 'db/main')).VersionIdsToStages).toEqual({ [second.VersionId]: ['AWSCURRENT'], [created.VersionId]: ['AWSPREVIOUS'] });
    expect((await awsJson('secretsmanager', 'list-secrets')).SecretList.map((s: { Name: string }) => s.Name)).toEqual(['db/main']);

    expect(await awsJson('ssm', 'put-parameter', '--name', '/app/token', '--value', TOKEN, '--type', 'SecureString')).toEqual({ Version: 1, Tier: 'Standard' });
    const sealed = (await awsJson('ssm', 'get-parameter', '--name', '/app/token')).Parameter;
    expect(sealed).toMatchObject({ Name: '/app/token', Type: 'SecureString', Version: 1, ARN: 'arn:aws:ssm:local:000000000000:parameter/app/token' });
    expect(sealed.Value).not.toContain(TOKEN);
    expect((await awsJson('ssm', 'get-parameter', '--name', '/app/token', '--with-decryption')).Parameter.Value).toBe(TOKEN);
    const both = await awsJson('ssm', 'get-parameters', '--names', '/app/token', '/app/none', '--with-decryption');
    expect(both.Parameters.map((p: { Name: string }) => p.Name)).toEqual(['/app/token']);
    expect(both.InvalidParameters).toEqual(['/app/none']);

    // Every answer of the raw endpoint has its model's shape.
    const secretsModel = loadEcsModel(`${MODELS}/secretsmanager/2017-10-17/service-2.json`);
    const ssmModel = loadEcsModel(`${MODELS}/ssm/2014-11-06/service-2.json`);
    for (const [api, model, operation, request] of [
      ['secretsmanager', secretsModel, 'DescribeSecret', { SecretId: 'db/main' }],
      ['secretsmanager', secretsModel, 'ListSecrets', {}],
      ['secretsmanager', secretsModel, 'GetSecretValue', { SecretId: 'db/main' }],
      ['ssm', ssmModel, 'GetParameters', { Names: ['/app/token', 'x'] }],
      ['ssm', ssmModel, 'DescribeParameters', {}],
    ] as const) {
      const answer = await ecsJson(cp.httpEndpoint, admin, operation, request, { api });
      expect(answer.status, operation).toBe(200);
      expect(outputProblems(model, operation, answer.json), operation).toEqual([]);
    }

    await refused(['secretsmanager', 'create-secret', '--name', 'db/main', '--secret-string', 'x'], 'An error occurred (ResourceExistsException) when calling the CreateSecret operation: The operation failed because the secret db/main already exists.');
    await refused(
      ['secretsmanager', 'create-secret', '--name', 'bad name', '--secret-string', 'x'],
      "An error occurred (InvalidParameterException) when calling the CreateSecret operation: Name 'bad name' is not a valid secret name: use 1 to 512 letters, digits and /_+=.@- characters.",
    );
    await refused(['secretsmanager', 'get-secret-value', '--secret-id', 'nope'], "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret.");
    await refused(
      ['ssm', 'put-parameter', '--name', '/app/token', '--value', 'other', '--type', 'SecureString'],
      'An error occurred (ParameterAlreadyExists) when calling the PutParameter operation: The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
    await refused(['ssm', 'put-parameter', '--name', 'app/token', '--value', 'v'], "An error occurred (ValidationException) when calling the PutParameter operation: Parameter name 'app/token' (Name): a name in a hierarchy must be fully qualified, starting with '/'.");
    // Nothing the refusals named was stored or changed.
    expect((await awsJson('ssm', 'get-parameter', '--name', '/app/token', '--with-decryption')).Parameter).toMatchObject({ Value: TOKEN, Version: 1 });
    expect((await awsJson('ssm', 'describe-parameters')).Parameters.map((p: { Name: string }) => p.Name)).toEqual(['/app/token']);
  }, 120_000);

  it("gives a task its secrets as environment variables, and fails one whose secret is missing with ECS's reason", async () => {
    const arn = (await awsJson('secretsmanager', 'describe-secret', '--secret-id', 'db/main')).ARN as string;
    const partial = arn.replace(/-[A-Za-z0-9]{6}$/, '');
    const container = {
      name: 'app',
      image: 'berth/busybox:latest',
      memory: 16,
      environment: [{ name: 'DB_PASSWORD', value: 'overridden' }],
      secrets: [
        { name: 'DB_JSON', valueFrom: arn },
        { name: 'DB_PASSWORD', valueFrom: `${partial}:password::` },
        { name: 'API_TOKEN', valueFrom: 'arn:aws:ssm:local:000000000000:parameter/app/token' },
      ],
      command: ['sh', '-c', 'echo "password=$DB_PASSWORD token=$API_TOKEN user=$(echo "$DB_JSON" | grep -o app)"'],
    };
    expect((await berth(cp, ['register-task-definition', '--family', 'reader', '--container-definitions', JSON.stringify([container])])).code).toBe(0);
    const described = (await berth(cp, ['describe-task-definition', '--task-definition', 'reader'])).json().taskDefinition.containerDefinitions[0];
    expect(described.secrets).toEqual(container.secrets);

    const run = (await berth(cp, ['run-task', '--cluster', 'vault', '--task-definition', 'reader'])).json();
    const taskArn = run.tasks[0].taskArn as string;
    await eventually(async () => ((await task(taskArn)).lastStatus === 'STOPPED' ? true : undefined), 60_000, 'the reader task STOPPED');
    expect(await task(taskArn)).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [expect.objectContaining({ exitCode: 0 })] });
    const [id] = (await runCommand('docker', ['ps', '-a', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`])).stdout.split('\n').filter(Boolean);
    expect((await runCommand('docker', ['logs', id!])).stdout.trim()).toBe(`password=${PASSWORD} token=${TOKEN} user=app`);
    // The task's description names the secrets but never holds their values.
    expect(JSON.stringify(await task(taskArn))).not.toContain(PASSWORD);

    const missing = { ...container, name: 'app', secrets: [{ name: 'GONE', valueFrom: 'arn:aws:secretsmanager:local:000000000000:secret:gone' }] };
    expect((await berth(cp, ['register-task-definition', '--family', 'missing', '--container-definitions', JSON.stringify([missing])])).code).toBe(0);
    const failed = (await berth(cp, ['run-task', '--cluster', 'vault', '--task-definition', 'missing'])).json().tasks[0].taskArn as string;
    await eventually(async () => ((await task(failed)).lastStatus === 'STOPPED' ? true : undefined), 60_000, 'the task without its secret STOPPED');
    const stopped = await task(failed);
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toBe(
      "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: failed to fetch secret arn:aws:secretsmanager:local:000000000000:secret:gone from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
    expect((await runCommand('docker', ['ps', '-a', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${failed}`])).stdout.trim()).toBe('');

    for (const output of [cp.process.output(), agent.process.output()]) {
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(TOKEN);
    }
  }, 120_000);

  it("pulls from a private registry with repositoryCredentials or the agent's ECS_ENGINE_AUTH_DATA, and fails without them with CannotPullContainerError", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-registry-'));
    const port = await freePort();
    const image = `127.0.0.1:${port}/private/busybox:1`;
    const hashed = await runCommand('htpasswd', ['-Bbn', 'ci', 'hub-pass-never-logged']);
    await writeFile(join(dir, 'htpasswd'), hashed.stdout);
    await writeFile(
      join(dir, 'config.yml'),
      `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\nauth:\n  htpasswd:\n    realm: berth-test\n    path: ${dir}/htpasswd\n`,
    );
    const registry = startProcess('docker-registry', ['serve', join(dir, 'config.yml')]);
    try {
      await eventually(async () => ((await portAccepts(port)) ? true : undefined), 20_000, 'the registry listening');
      // Push with a login kept in a throwaway docker config, then drop the local copy so the agent must pull.
      const docker = (args: string[], input?: string) => runCommand('sh', ['-c', `${input ? `printf %s '${input}' | ` : ''}docker --config ${dir}/docker ${args.join(' ')}`]);
      expect((await docker(['login', '-u', 'ci', '--password-stdin', `127.0.0.1:${port}`], 'hub-pass-never-logged')).code).toBe(0);
      expect((await runCommand('docker', ['tag', 'berth/busybox:latest', image])).code).toBe(0);
      expect((await docker(['push', image])).code).toBe(0);
      await runCommand('docker', ['rmi', image]);
      await awsJson('secretsmanager', 'create-secret', '--name', 'hub', '--secret-string', JSON.stringify({ username: 'ci', password: 'hub-pass-never-logged' }));
      expect((await berth(cp, ['update-cluster-settings', '--cluster', 'vault', '--settings', JSON.stringify({ name: 'berthAllowedRegistries', value: `docker.io,127.0.0.1:${port}` })])).code).toBe(0);

      const container = { name: 'app', image, memory: 16, command: ['true'] };
      const withCredentials = { ...container, repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:local:000000000000:secret:hub' } };
      for (const [family, def] of [['anonymous', container], ['authenticated', withCredentials]] as const) {
        expect((await berth(cp, ['register-task-definition', '--family', family, '--container-definitions', JSON.stringify([def])])).code).toBe(0);
      }
      const runAndWait = async (family: string) => {
        const arn = (await berth(cp, ['run-task', '--cluster', 'vault', '--task-definition', family])).json().tasks[0].taskArn as string;
        await eventually(async () => ((await task(arn)).lastStatus === 'STOPPED' ? true : undefined), 90_000, `the ${family} task STOPPED`);
        return task(arn);
      };
      const anonymous = await runAndWait('anonymous');
      expect(anonymous.stopCode).toBe('TaskFailedToStart');
      expect(anonymous.containers[0].reason).toMatch(/^CannotPullContainerError: .*no basic auth credentials/);
      const authenticated = await runAndWait('authenticated');
      expect(authenticated).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [expect.objectContaining({ exitCode: 0 })] });
      const firstAgentOutput = agent.process.output();

      // The agent's own credentials (ECS_ENGINE_AUTH_TYPE/DATA, .dockercfg format) authenticate the same pull without repositoryCredentials.
      await runCommand('docker', ['rmi', '-f', image]);
      await agent.process.stop();
      const dockercfg = JSON.stringify({ [`http://127.0.0.1:${port}`]: { auth: Buffer.from('ci:hub-pass-never-logged').toString('base64'), email: 'ci@example.com' } });
      await appendFile(agent.configPath, `ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=${dockercfg}\n`);
      restartAgent(agent);
      await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
      const engineAuthenticated = await runAndWait('anonymous');
      expect(engineAuthenticated).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [expect.objectContaining({ exitCode: 0 })] });
      const checked = await runCommand(binPath('ecs-agent'), ['--config', agent.configPath, '--check-config'], { env: cleanEnv() });
      expect(JSON.parse(checked.stdout).config.engineAuth).toBe(`(set for 127.0.0.1:${port}; not shown)`);
      for (const output of [cp.process.output(), firstAgentOutput, agent.process.output(), checked.stdout]) {
        expect(output).not.toContain('hub-pass-never-logged');
        expect(output).not.toContain(Buffer.from('ci:hub-pass-never-logged').toString('base64'));
      }
    } finally {
      await registry.stop();
      await runCommand('docker', ['rmi', '-f', image]);
      await removeDir(dir);
    }
  }, 180_000);
});
