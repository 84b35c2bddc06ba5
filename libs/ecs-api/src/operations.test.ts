import { describe, expect, it } from 'vitest';
import { roleAllows } from '@berth/domain';
import { applicationAutoScalingOperationNames, ecsApiOperationNames, elbv2OperationNames, isEcsApiOperation, isStreaming, operationNames, operations, secretsManagerOperationNames, ssmOperationNames } from './operations.js';

describe('the operation table', () => {
  // Who holds which key, which tokens let hosts in and what everyone did are not for every reader.
  // Nor are secret values: reading one needs an operator's credential.
  const securityReads = ['ListAccessKeys', 'ListJoinTokens', 'ListAuditEvents', 'GetSecretValue', 'GetParameter', 'GetParameters'];

  it('marks every Describe, List and Get as a read that read-only callers may make, but security reads', () => {
    for (const name of operationNames) {
      const op = operations[name];
      const read = /^(Describe|List|Get)/.test(name);
      expect(op.mutates, name).toBe(!read);
      expect(op.role === 'read-only', name).toBe(read && !securityReads.includes(name));
    }
  });

  it('lets only a credential limited to no cluster change or read secrets', () => {
    for (const name of [...secretsManagerOperationNames, ...ssmOperationNames]) {
      expect(operations[name].scope, name).toBe(/^(Describe|List)/.test(name) ? 'global' : 'account');
    }
  });

  it('lets only a credential limited to no cluster change target groups, load balancers and listeners', () => {
    for (const name of elbv2OperationNames) expect(operations[name].scope, name).toBe(/^Describe/.test(name) ? 'global' : 'account');
  });

  it('has exactly one streaming operation, GetContainerLogs', () => {
    expect(operationNames.filter(isStreaming)).toEqual(['GetContainerLogs']);
  });

  it.each([
    ['admin', 'operator', true],
    ['operator', 'operator', true],
    ['read-only', 'operator', false],
    ['operator', 'admin', false],
    ['read-only', 'read-only', true],
  ] as const)('a %s caller may call what needs %s: %s', (role, needed, allowed) => {
    expect(roleAllows(role, needed)).toBe(allowed);
  });
});

describe('the ECS API operations (the JSON endpoint serves these)', () => {
  it("are the table's unary operations less Berth's own", () => {
    expect(ecsApiOperationNames).toContain('RunTask');
    expect(ecsApiOperationNames).toContain('UpdateClusterSettings');
    for (const ours of ['CreateAccessKey', 'ListAccessKeys', 'DeleteAccessKey', 'CreateJoinToken', 'ListJoinTokens', 'RevokeJoinToken', 'ListAuditEvents', 'GetContainerLogs']) {
      expect(isEcsApiOperation(ours), ours).toBe(false);
    }
    for (const other of [...applicationAutoScalingOperationNames, ...secretsManagerOperationNames, ...ssmOperationNames, ...elbv2OperationNames]) expect(isEcsApiOperation(other), other).toBe(false);
    expect(ecsApiOperationNames.length + 8 + applicationAutoScalingOperationNames.length + secretsManagerOperationNames.length + ssmOperationNames.length + elbv2OperationNames.length).toBe(operationNames.length);
    expect(isEcsApiOperation('constructor')).toBe(false);
  });
});
