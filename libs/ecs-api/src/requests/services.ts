import { z } from 'zod';
import { cluster, integer, names, paging, placementConstraint, placementStrategy, tags, text } from './common.js';

export const deploymentConfiguration = z.object({
  maximumPercent: integer.optional(),
  minimumHealthyPercent: integer.optional(),
  deploymentCircuitBreaker: z.object({ enable: z.boolean().optional(), rollback: z.boolean().optional() }).optional(),
});

export const createServiceRequest = z.object({
  ...cluster,
  serviceName: text.optional(),
  taskDefinition: text.optional(),
  desiredCount: integer.optional(),
  schedulingStrategy: text.optional(),
  deploymentConfiguration: deploymentConfiguration.optional(),
  placementConstraints: z.array(placementConstraint).optional(),
  placementStrategy: z.array(placementStrategy).optional(),
  healthCheckGracePeriodSeconds: integer.optional(),
  clientToken: text.optional(),
  tags: tags.optional(),
});
export const updateServiceRequest = z.object({
  ...cluster,
  service: text.optional(),
  desiredCount: integer.optional(),
  taskDefinition: text.optional(),
  deploymentConfiguration: deploymentConfiguration.optional(),
  placementConstraints: z.array(placementConstraint).optional(),
  placementStrategy: z.array(placementStrategy).optional(),
  forceNewDeployment: z.boolean().optional(),
  healthCheckGracePeriodSeconds: integer.optional(),
});
export const deleteServiceRequest = z.object({ ...cluster, service: text.optional(), force: z.boolean().optional() });
export const describeServicesRequest = z.object({ ...cluster, services: names.optional(), include: names.optional() });
export const listServicesRequest = z.object({ ...cluster, schedulingStrategy: text.optional(), ...paging });
