import { describe, expect, it } from 'vitest';
import { ecsUnaryOperations } from '@berth/api-client';
import { camelCase, commands, findCommand, kebabCase } from './commands.js';

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
      expect(ecsUnaryOperations).toContain(c.operation);
      expect(names.has(c.name)).toBe(false);
      names.add(c.name);
      const spellings = c.flags.flatMap((f) => [f.flag, ...(f.aliases ?? [])]);
      expect(new Set(spellings).size, c.name).toBe(spellings.length);
      expect(spellings).not.toContain('--cli-input-json');
      expect(spellings).not.toContain('--output');
      expect(spellings).not.toContain('--endpoint');
    }
  });

  it('finds commands by name', () => {
    expect(findCommand('delete-cluster')?.operation).toBe('DeleteCluster');
    expect(findCommand('nope')).toBeUndefined();
  });
});
