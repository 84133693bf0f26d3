import { containersOf, podSpecOf } from '../../core/kinds.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { str } from '../../core/values.js';
import { imageRepositoryName } from '../../core/images.js';
import { alertIndex } from './prometheus-rules.js';
import { isKind } from './support.js';

type Engine = 'postgres' | 'mysql';

/** Database server images by repository name (Docker Hub, Bitnami, CloudNativePG, Percona, ...). */
const DATABASE_IMAGES: ReadonlyMap<string, Engine> = new Map([
  ['postgres', 'postgres'],
  ['postgresql', 'postgres'],
  ['postgresql-repmgr', 'postgres'],
  ['postgis', 'postgres'],
  ['mysql', 'mysql'],
  ['mysql-server', 'mysql'],
  ['mariadb', 'mysql'],
  ['mariadb-galera', 'mysql'],
  ['percona-server', 'mysql'],
]);

/** Metric name prefixes of the exporters for each engine (postgres_exporter, CloudNativePG, mysqld_exporter). */
const METRIC_PREFIXES: Record<Engine, readonly string[]> = {
  postgres: ['pg_', 'cnpg_'],
  mysql: ['mysql_'],
};

interface Database {
  resource: Resource;
  path: KeyPath;
  engine: Engine;
  what: string;
}

/**
 * Database servers in the scan: workloads whose main container runs a
 * database image (init containers that only wait for a database with
 * `pg_isready` do not count), and CloudNativePG `Cluster` resources.
 */
function databases(resources: readonly Resource[]): Database[] {
  const result: Database[] = [];
  for (const resource of resources) {
    if (isKind(resource, 'Cluster', ['postgresql.cnpg.io'])) {
      result.push({ resource, path: [], engine: 'postgres', what: `database cluster "${resource.name}" (CloudNativePG)` });
      continue;
    }
    const pod = podSpecOf(resource);
    if (!pod) continue;
    for (const c of containersOf(pod)) {
      if (c.type !== 'container') continue;
      const image = str(c.container.image);
      const engine = image === undefined ? undefined : DATABASE_IMAGES.get(imageRepositoryName(image.trim()) ?? '');
      if (!engine) continue;
      result.push({ resource, path: [...c.path, 'image'], engine, what: `database container "${c.name}" of ${resource.kind} "${resource.name}"` });
      break;
    }
  }
  return result;
}

export const databaseAlertsPresent: Rule = {
  id: 'database-alerts-present',
  practice: 'OBS-DATABASE',
  severity: 'info',
  title: 'Databases running in the cluster are alerted on',
  rationale:
    'A database degrades long before it fails: replication lag, lock waits and deadlocks, a transaction held open that blocks vacuum, connections near max_connections, a disk filling with WAL. Generic pod alerts see none of it, and by the time the application errors the backlog is hours deep.',
  remediation:
    'Run postgres_exporter or mysqld_exporter next to the database (CloudNativePG exports `cnpg_*` metrics itself) and add a `PrometheusRule` with alerts on its metrics: e.g. `pg_replication_lag`, `pg_stat_activity_count` against `pg_settings_max_connections`, `pg_stat_database_deadlocks`, `mysql_global_status_threads_connected`, `mysql_slave_status_seconds_behind_master`.',
  inputs: ['k8s'],
  *checkModel(model): Iterable<Report> {
    const found = databases(model.resources);
    if (found.length === 0) return;
    const read = alertIndex(model).alerts.flatMap((a) => a.metrics);
    for (const db of found) {
      const prefixes = METRIC_PREFIXES[db.engine];
      if (read.some((name) => name.split(':').some((part) => prefixes.some((p) => part.startsWith(p))))) continue;
      yield {
        resource: db.resource,
        path: db.path,
        message: `${db.what} runs ${db.engine === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB'}, and no PrometheusRule alert in the scanned files reads ${prefixes.map((p) => `${p}*`).join(' or ')} metrics`,
      };
    }
  },
};
