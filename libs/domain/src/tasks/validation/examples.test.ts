import { describe, expect, it } from 'vitest';
import { fargateWarning } from './placement.js';
import { ephemeralStorageWarning, taskNamespaceWarning } from './platform.js';
import { accepted } from './test-fixtures.js';

describe('validateTaskDefinition: documentation examples', () => {
  it('accepts the ECS WordPress example with links and applies defaults', () => {
    const { definition, warnings } = accepted({
      containerDefinitions: [
        {
          name: 'wordpress',
          links: ['mysql'],
          image: 'wordpress',
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 80 }],
          memory: 500,
          cpu: 10,
        },
        {
          environment: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'password' }],
          secrets: [],
          name: 'mysql',
          image: 'mysql',
          cpu: 10,
          memory: 500,
          essential: true,
        },
      ],
      family: 'hello_world',
    });
    expect(warnings).toEqual([]);
    expect(definition).toEqual({
      family: 'hello_world',
      networkMode: 'bridge',
      volumes: [],
      placementConstraints: [],
      requiresCompatibilities: [],
      containerDefinitions: [
        {
          name: 'wordpress',
          image: 'wordpress',
          cpu: 10,
          memory: 500,
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
          environment: [],
          secrets: [],
          command: [],
          entryPoint: [],
          dockerLabels: {},
          ulimits: [],
          privileged: false,
          readonlyRootFilesystem: false,
          links: ['mysql'],
          mountPoints: [],
          volumesFrom: [],
          dependsOn: [],
        },
        {
          name: 'mysql',
          image: 'mysql',
          cpu: 10,
          memory: 500,
          essential: true,
          portMappings: [],
          environment: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'password' }],
          secrets: [],
          command: [],
          entryPoint: [],
          dockerLabels: {},
          ulimits: [],
          privileged: false,
          readonlyRootFilesystem: false,
          links: [],
          mountPoints: [],
          volumesFrom: [],
          dependsOn: [],
        },
      ],
    });
  });

  it('accepts a Fargate-style example, warning once per field Berth does not use or does not enforce', () => {
    const { definition, warnings } = accepted({
      family: 'sample-fargate',
      containerDefinitions: [
        {
          name: 'fargate-app',
          image: 'public.ecr.aws/docker/library/httpd:latest',
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp', appProtocol: 'http' }],
          essential: true,
          entryPoint: ['sh', '-c'],
          command: ["echo '<h1>Amazon ECS Sample App</h1>' > /usr/local/apache2/htdocs/index.html && httpd-foreground"],
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/fargate', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
            secretOptions: [{ name: 'x', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' }],
          },
          secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }],
          linuxParameters: { initProcessEnabled: true },
          systemControls: [],
        },
      ],
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      taskRoleArn: 'arn:aws:iam::123456789012:role/app',
      runtimePlatform: { operatingSystemFamily: 'LINUX' },
      ephemeralStorage: { sizeInGiB: 21 },
      pidMode: 'task',
      tags: [{ key: 'team', value: 'web' }],
    });
    expect(warnings).toEqual([
      fargateWarning,
      "Ignoring 'containerDefinitions[0].logConfiguration.secretOptions' (container 'fargate-app'): not supported by Berth.",
      "Ignoring 'containerDefinitions[0].portMappings[0].appProtocol' (container 'fargate-app'): not supported by Berth.",
      taskNamespaceWarning('pidMode'),
      ephemeralStorageWarning,
    ]);
    expect(definition).toMatchObject({ runtimePlatform: { operatingSystemFamily: 'LINUX' }, ephemeralStorage: { sizeInGiB: 21 }, pidMode: 'task' });
    expect(definition.containerDefinitions[0]?.linuxParameters?.initProcessEnabled).toBe(true);
    expect(fargateWarning).toBe(
      'Berth runs tasks on its own container instances; requiresCompatibilities FARGATE is ignored.',
    );
    expect(definition.cpu).toBe(256);
    expect(definition.memory).toBe(512);
    expect(definition.requiresCompatibilities).toEqual(['FARGATE']);
    expect(definition.executionRoleArn).toBe('arn:aws:iam::123456789012:role/ecsTaskExecutionRole');
    expect(definition.taskRoleArn).toBe('arn:aws:iam::123456789012:role/app');
    expect(definition.containerDefinitions[0]?.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/fargate', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
    });
    expect(definition.containerDefinitions[0]?.secrets).toEqual([{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }]);
  });

  it('accepts the gRPC request shape: empty strings, empty lists, nulls, zeros and synthetic oneof keys are absent', () => {
    const grpcContainer = {
      name: 'web',
      image: 'nginx',
      cpu: 0,
      memory: 128,
      _memory: 'memory',
      portMappings: [{ containerPort: 80, hostPort: 0, protocol: '' }],
      environment: [],
      secrets: [],
      command: [],
      entryPoint: [],
      workingDirectory: '',
      user: '',
      dockerLabels: {},
      ulimits: [],
      privileged: false,
      readonlyRootFilesystem: false,
      links: [],
      mountPoints: [],
      volumesFrom: [],
      logConfiguration: null,
      healthCheck: { command: ['CMD', 'true'], interval: 0, timeout: 0, retries: 0, startPeriod: 0 },
      dependsOn: [],
      hostname: '',
    };
    const { definition, warnings } = accepted({
      family: 'grpc',
      containerDefinitions: [grpcContainer],
      cpu: '',
      memory: '',
      networkMode: '',
      volumes: [],
      placementConstraints: [],
      requiresCompatibilities: [],
      executionRoleArn: '',
      taskRoleArn: '',
      tags: [],
    });
    expect(warnings).toEqual([]);
    expect(definition).toEqual({
      family: 'grpc',
      networkMode: 'bridge',
      volumes: [],
      placementConstraints: [],
      requiresCompatibilities: [],
      containerDefinitions: [
        {
          name: 'web',
          image: 'nginx',
          cpu: 0,
          memory: 128,
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
          environment: [],
          secrets: [],
          command: [],
          entryPoint: [],
          dockerLabels: {},
          ulimits: [],
          privileged: false,
          readonlyRootFilesystem: false,
          links: [],
          mountPoints: [],
          volumesFrom: [],
          healthCheck: { command: ['CMD', 'true'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 },
          dependsOn: [],
        },
      ],
    });
  });
});
