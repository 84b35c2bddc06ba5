import { describe, expect, it } from 'vitest';
import { ecsUnaryOperations } from '@berth/api-client';
import { isElbv2Operation, operationNames, operations } from '@berth/ecs-api';
import { camelCase, commands, findCommand, kebabCase, SCALING_GROUP } from './commands.js';
import { berthSchema } from '@berth/proto';
import { requestMessageName } from './conform.js';

describe('the subcommand table', () => {
  it.each([
    ['--cluster-name', 'clusterName'],
    ['--container-instances', 'containerInstances'],
    ['--max-results', 'maxResults'],
    ['--force', 'force'],
  ])('flag %s fills %s', (flag, field) => expect(camelCase(flag)).toBe(field));

  it.each([
    ['DescribeClusters', 'describe-clusters'],
    ['UpdateContainerInstancesState', 'update-container-instances-state'],
    ['ListTaskDefinitionFamilies', 'list-task-definition-families'],
  ])('operation %s is subcommand %s', (op, name) => expect(kebabCase(op)).toBe(name));

  it('names only operations the client has, each once, with unique flags', () => {
    const names = new Set<string>();
    for (const c of commands) {
      if (c.runner === 'logs') expect(c.operation).toBe('GetContainerLogs');
      else expect(ecsUnaryOperations).toContain(c.operation);
      expect(names.has(c.name)).toBe(false);
      names.add(c.name);
      const spellings = c.flags.flatMap((f) => [f.flag, ...(f.aliases ?? [])]);
      expect(new Set(spellings).size, c.name).toBe(spellings.length);
      expect(spellings).not.toContain('--cli-input-json');
      expect(spellings).not.toContain('--output');
      expect(spellings).not.toContain('--endpoint');
    }
  });

  it("fills only fields of the operation's request message", () => {
    const schema = berthSchema();
    for (const c of commands) {
      const message = schema.get(requestMessageName(c.operation));
      expect(message, c.name).toBeDefined();
      for (const f of c.flags.filter((flag) => !flag.local)) expect(message?.fields.has(f.field), `${c.name} ${f.flag}`).toBe(true);
    }
  });

  it('has a flag for every request field, except where noted', () => {
    const schema = berthSchema();
    const notFlags = new Set([
      'logs:since', // --since is read as text and resolved against the clock (a local flag)
      'wait tasks-running:include', // waiters only look at statuses
      'wait tasks-stopped:include',
      'wait services-stable:include',
      'secretsmanager create-secret:secretBinary', // refused: Berth keeps text secrets
      'secretsmanager put-secret-value:secretBinary',
    ]);
    for (const c of commands) {
      const fields = new Set(c.flags.filter((f) => !f.local).map((f) => f.field));
      for (const field of schema.get(requestMessageName(c.operation))?.fields.keys() ?? []) {
        if (!notFlags.has(`${c.name}:${field}`)) expect(fields.has(field), `${c.name} lacks a flag for ${field}`).toBe(true);
      }
    }
  });

  it('offers a subcommand, named as aws ecs names it, for every operation of the table', () => {
    const direct = new Set(commands.filter((c) => c.runner !== 'wait').map((c) => c.operation));
    for (const name of operationNames) expect(direct.has(name), `no subcommand for ${name}`).toBe(true);
    for (const c of commands.filter((c) => c.runner === undefined || c.runner === 'call')) {
      const group = isElbv2Operation(c.operation) ? 'elbv2' : /Secret/.test(c.operation) ? 'secretsmanager' : /Parameter/.test(c.operation) ? 'ssm' : SCALING_GROUP;
      expect(c.name).toBe(c.pascalCase ? `${group} ${kebabCase(c.operation)}` : kebabCase(c.operation));
    }
  });

  it('waiters only poll operations that change nothing', () => {
    for (const c of commands.filter((c) => c.runner === 'wait')) expect(operations[c.operation].mutates, c.name).toBe(false);
  });

  it('finds commands by name', () => {
    expect(findCommand('delete-cluster')?.operation).toBe('DeleteCluster');
    expect(findCommand('nope')).toBeUndefined();
  });
});
