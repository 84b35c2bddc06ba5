import type { Migration } from 'kysely';
import * as m0001 from './0001_clusters_and_instances.js';
import * as m0002 from './0002_task_definitions_and_tasks.js';
import * as m0003 from './0003_services.js';
import * as m0004 from './0004_security.js';
import * as m0005 from './0005_autoscaling.js';
import * as m0006 from './0006_secrets.js';
import * as m0007 from './0007_load_balancing.js';

/**
 * Every migration, by name. Listed by hand rather than read from a folder so the store works when
 * esbuild bundles it into one file. Names sort in the order they run; never rename or edit one
 * that has shipped — add the next number.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_clusters_and_instances': m0001,
  '0002_task_definitions_and_tasks': m0002,
  '0003_services': m0003,
  '0004_security': m0004,
  '0005_autoscaling': m0005,
  '0006_secrets': m0006,
  '0007_load_balancing': m0007,
};
