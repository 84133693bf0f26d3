// OBS-DATABASE: alerts on the exporter metrics of a service's database
// (postgres_exporter or mysqld_exporter, scraped as job
// "<service>-<engine>-exporter") and on prometheus-rds-exporter's backup
// retention for its RDS instance: deadlocks, lock waits and timeouts, long
// transactions and slow queries, transaction-log size, replication lag,
// vacuum / purge backlog, backups, errors, spills to disk, connections.
import { databaseInstanceId, PAGE, TICKET } from '../names.js';
import type { DatabaseSpec } from '../spec.js';
import { alertRule, type ServiceContext, type Severity } from './context.js';
import type { AlertRule, InputSeries, Labels, RuleGroup } from './model.js';
import { num, selector, type Matcher } from './promql.js';
import { counter, gauge, series } from './series.js';

const GIB = 1024 ** 3;
/** RDS's smallest gp3 volume, assumed when the spec gives no storage size. */
export const DEFAULT_STORAGE_GB = 20;
const BACKUP_RETENTION_DAYS = 7;

export function exporterJob(ctx: ServiceContext, database: DatabaseSpec): string {
  return `${ctx.service.name}-${database.engine === 'postgresql' ? 'postgres' : 'mysqld'}-exporter`;
}

/** Transaction-log size worth a ticket: a tenth of the volume, at least 1 GiB. */
export function logSizeThreshold(database: DatabaseSpec): number {
  return Math.max(GIB, ((database.storageGb ?? DEFAULT_STORAGE_GB) * GIB) / 10);
}

export function databaseGroup(ctx: ServiceContext): RuleGroup | undefined {
  const database = ctx.service.database;
  if (!database) return undefined;
  const db = new DatabaseRules(ctx, database);
  const engineRules = database.engine === 'postgresql' ? db.postgres() : db.mysql();
  return { name: `${ctx.service.name}.database`, rules: [...engineRules, db.backupRetention()] };
}

interface Check {
  alert: string;
  /** Expression yielding `fires` labels (`by` labels) when unhealthy. */
  expr: string;
  for?: string;
  severity?: Severity;
  summary: string;
  description: string;
  /** Healthy and unhealthy series (each case's own), and the labels the alert fires with. */
  healthy: InputSeries[];
  unhealthy: InputSeries[];
  fires: Labels;
}

function forMinutes(duration: string | undefined): number {
  return duration === undefined ? 0 : Number.parseInt(duration, 10);
}

/** Test series run this long; counters grow per minute. */
const MINUTES = 45;

class DatabaseRules {
  private readonly job: string;
  private readonly jobMatch: Matcher;
  private readonly what: string;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly database: DatabaseSpec,
  ) {
    this.job = exporterJob(ctx, database);
    this.jobMatch = ['job', '=', this.job];
    this.what = `${database.engine === 'postgresql' ? 'PostgreSQL' : 'MySQL'} database of ${ctx.service.name}`;
  }

  private sel(metric: string, extra: Matcher[] = []): string {
    return selector(metric, [this.jobMatch, ...extra]);
  }

  private rule(check: Check): AlertRule {
    // Long enough for the rate windows and the alert's `for` to pass.
    const evalMinutes = Math.max(20, forMinutes(check.for) + 10);
    return alertRule(this.ctx, {
      alert: check.alert,
      expr: check.expr,
      for: check.for,
      severity: check.severity ?? TICKET,
      signal: 'database',
      summary: check.summary,
      description: check.description,
      cases: [
        { name: 'healthy', series: check.healthy, evalMinutes },
        { name: 'unhealthy', series: check.unhealthy, evalMinutes, fires: check.fires },
      ],
    });
  }

  private labels(extra: Labels = {}): Labels {
    return { job: this.job, ...extra };
  }

  private down(metric: string, alert: string): AlertRule {
    return this.rule({
      alert,
      expr: `max by (job) (${this.sel(metric)}) == 0\nor\nabsent(${this.sel(metric)})`,
      for: '5m',
      severity: PAGE,
      summary: `${this.what} unreachable`,
      description: `The exporter ${this.job} has not reached the ${this.what} for 5 minutes (or is not scraped at all): the database is down, refusing connections, or unmonitored.`,
      healthy: [series(metric, this.labels(), gauge(1, MINUTES))],
      unhealthy: [series(metric, this.labels(), gauge(0, MINUTES))],
      fires: { job: this.job },
    });
  }

  backupRetention(): AlertRule {
    const id = databaseInstanceId(this.ctx.spec.cluster, this.ctx.service);
    const labels = { dbidentifier: id };
    const seconds = (days: number) => days * 86_400;
    return this.rule({
      alert: 'DatabaseBackupRetentionShort',
      expr: `max by (dbidentifier) (${selector('rds_backup_retention_period_seconds', [['dbidentifier', '=', id]])}) < ${seconds(BACKUP_RETENTION_DAYS)}`,
      for: '30m',
      summary: `${this.what}: automated backups kept less than ${BACKUP_RETENTION_DAYS} days`,
      description: `RDS instance ${id} keeps automated backups for less than ${BACKUP_RETENTION_DAYS} days (0 means backups and point-in-time recovery are off).`,
      healthy: [series('rds_backup_retention_period_seconds', labels, gauge(seconds(BACKUP_RETENTION_DAYS), MINUTES))],
      unhealthy: [series('rds_backup_retention_period_seconds', labels, gauge(0, MINUTES))],
      fires: labels,
    });
  }

  postgres(): AlertRule[] {
    const datname = this.database.name;
    const d: Matcher = ['datname', '=', datname];
    const L = this.labels({ datname });
    const walLimit = logSizeThreshold(this.database);
    const table = this.labels({ datname, schemaname: 'public', relname: 'sessions' });
    const tableBy = '(datname, schemaname, relname)';
    const tuples = (dead: number, live: number) => [
      series('pg_stat_user_tables_n_dead_tup', table, gauge(dead, MINUTES)),
      series('pg_stat_user_tables_n_live_tup', table, gauge(live, MINUTES)),
    ];
    const xacts = (commits: number, rollbacks: number) => [
      series('pg_stat_database_xact_commit', L, counter(commits, MINUTES)),
      series('pg_stat_database_xact_rollback', L, counter(rollbacks, MINUTES)),
    ];
    const connections = (used: number) => [
      series('pg_stat_activity_count', this.labels({ datname, state: 'active' }), gauge(used, MINUTES)),
      series('pg_settings_max_connections', this.labels(), gauge(100, MINUTES)),
    ];
    return [
      this.down('pg_up', 'PostgresDown'),
      this.rule({
        alert: 'PostgresDeadlocks',
        expr: `sum by (datname) (increase(${this.sel('pg_stat_database_deadlocks', [d])}[15m])) > 3`,
        summary: `${this.what}: deadlocks`,
        description: `More than 3 transactions of database ${datname} were aborted as deadlock victims in 15 minutes: two code paths take the same locks in different orders.`,
        healthy: [series('pg_stat_database_deadlocks', L, gauge(2, MINUTES))],
        unhealthy: [series('pg_stat_database_deadlocks', L, counter(1, MINUTES))],
        fires: { datname },
      }),
      this.rule({
        alert: 'PostgresLockWaits',
        expr: `max by (datname) (${this.sel('pg_lock_waits_sessions', [d])}) > 5`,
        for: '10m',
        summary: `${this.what}: sessions waiting for locks`,
        description: `More than 5 sessions of database ${datname} have been waiting for a lock for 10 minutes; statements past lock_timeout fail, the rest pile up.`,
        healthy: [series('pg_lock_waits_sessions', L, gauge(1, MINUTES))],
        unhealthy: [series('pg_lock_waits_sessions', L, gauge(12, MINUTES))],
        fires: { datname },
      }),
      this.rule({
        alert: 'PostgresLongTransaction',
        expr: `max by (datname) (${this.sel('pg_stat_activity_max_tx_duration', [d, ['state', '=~', 'active|idle in transaction']])}) > 300`,
        for: '5m',
        summary: `${this.what}: transaction open for over 5 minutes`,
        description: `A transaction or query in database ${datname} has been running (or idle in a transaction) for more than 5 minutes: a slow query, or a transaction left open that holds locks and blocks vacuum.`,
        healthy: [series('pg_stat_activity_max_tx_duration', this.labels({ datname, state: 'active' }), gauge(2, MINUTES))],
        unhealthy: [series('pg_stat_activity_max_tx_duration', this.labels({ datname, state: 'idle in transaction' }), gauge(900, MINUTES))],
        fires: { datname },
      }),
      this.rule({
        alert: 'PostgresWALSizeHigh',
        expr: `max by (job) (${this.sel('pg_wal_size_bytes')}) > ${num(walLimit)}`,
        for: '15m',
        summary: `${this.what}: write-ahead log above ${num(walLimit / GIB)} GiB`,
        description: `The write-ahead log of the ${this.what} has held more than ${num(walLimit / GIB)} GiB for 15 minutes: a stuck replication slot, failing archiving or a write burst is filling the volume.`,
        healthy: [series('pg_wal_size_bytes', this.labels(), gauge(walLimit / 4, MINUTES))],
        unhealthy: [series('pg_wal_size_bytes', this.labels(), gauge(walLimit * 2, MINUTES))],
        fires: { job: this.job },
      }),
      this.rule({
        alert: 'PostgresReplicationLag',
        expr: `max by (job) (${this.sel('pg_replication_lag_seconds')}) > 30`,
        for: '5m',
        summary: `${this.what}: replica more than 30 s behind`,
        description: `A replica of the ${this.what} has been more than 30 seconds behind its primary for 5 minutes: reads from it are stale and a failover would lose that much.`,
        healthy: [series('pg_replication_lag_seconds', this.labels(), gauge(1, MINUTES))],
        unhealthy: [series('pg_replication_lag_seconds', this.labels(), gauge(120, MINUTES))],
        fires: { job: this.job },
      }),
      this.rule({
        alert: 'PostgresVacuumBacklog',
        expr: `max by ${tableBy} (${this.sel('pg_stat_user_tables_n_dead_tup', [d])}) > 10000\nand on ${tableBy}\nmax by ${tableBy} (${this.sel('pg_stat_user_tables_n_dead_tup', [d])})\n/\nmax by ${tableBy} (${this.sel('pg_stat_user_tables_n_dead_tup', [d])} + ${this.sel('pg_stat_user_tables_n_live_tup', [d])})\n> 0.2`,
        for: '30m',
        summary: `${this.what}: dead rows piling up in {{ $labels.relname }}`,
        description: `Table {{ $labels.schemaname }}.{{ $labels.relname }} of database ${datname} has held more than 10000 dead rows, over 20% of it, for 30 minutes: autovacuum is not keeping up or a long transaction holds it back.`,
        healthy: tuples(5000, 1_000_000),
        unhealthy: tuples(400_000, 1_000_000),
        fires: { datname, schemaname: 'public', relname: 'sessions' },
      }),
      this.rule({
        alert: 'PostgresWALArchiveStale',
        expr: `max by (job) (${this.sel('pg_stat_archiver_last_archive_age')}) > 3600\nor\nmax by (job) (increase(${this.sel('pg_stat_archiver_failed_count')}[30m])) > 0`,
        for: '15m',
        summary: `${this.what}: point-in-time backups falling behind`,
        description: `The ${this.what} has archived no write-ahead log for over an hour, or archiving fails: point-in-time recovery would lose everything since the last archived segment.`,
        healthy: [series('pg_stat_archiver_last_archive_age', this.labels(), gauge(120, MINUTES)), series('pg_stat_archiver_failed_count', this.labels(), gauge(0, MINUTES))],
        unhealthy: [series('pg_stat_archiver_last_archive_age', this.labels(), counter(60, MINUTES, 3600)), series('pg_stat_archiver_failed_count', this.labels(), gauge(0, MINUTES))],
        fires: { job: this.job },
      }),
      this.rule({
        alert: 'PostgresRollbackRatioHigh',
        expr: `sum by (datname) (rate(${this.sel('pg_stat_database_xact_rollback', [d])}[10m]))\n/\nsum by (datname) (rate(${this.sel('pg_stat_database_xact_commit', [d])}[10m]) + rate(${this.sel('pg_stat_database_xact_rollback', [d])}[10m]))\n> 0.05`,
        for: '10m',
        summary: `${this.what}: over 5% of transactions rolled back`,
        description: `More than 5% of the transactions of database ${datname} have rolled back for 10 minutes: errors, lock timeouts, serialization failures or deadlocks.`,
        healthy: xacts(1000, 5),
        unhealthy: xacts(1000, 200),
        fires: { datname },
      }),
      this.rule({
        alert: 'PostgresTempFileSpill',
        expr: `sum by (datname) (rate(${this.sel('pg_stat_database_temp_bytes', [d])}[15m])) > ${num(1024 * 1024)}`,
        for: '30m',
        summary: `${this.what}: queries spilling to disk`,
        description: `Queries of database ${datname} have written more than 1 MiB/s of temporary files for 30 minutes: sorts and hashes exceed work_mem and run from disk.`,
        healthy: [series('pg_stat_database_temp_bytes', L, counter(1024 * 1024, MINUTES))],
        unhealthy: [series('pg_stat_database_temp_bytes', L, counter(600 * 1024 * 1024, MINUTES))],
        fires: { datname },
      }),
      this.rule({
        alert: 'PostgresConnectionsNearLimit',
        expr: `sum by (job) (${this.sel('pg_stat_activity_count')})\n/\nmax by (job) (${this.sel('pg_settings_max_connections')})\n> 0.8`,
        for: '10m',
        summary: `${this.what}: connections above 80% of max_connections`,
        description: `The ${this.what} has used more than 80% of max_connections for 10 minutes; new connections will soon be refused.`,
        healthy: connections(30),
        unhealthy: connections(95),
        fires: { job: this.job },
      }),
    ];
  }

  mysql(): AlertRule[] {
    const J = this.labels();
    const logLimit = logSizeThreshold(this.database);
    const byJob = { job: this.job };
    const one = (metric: string, healthy: string, unhealthy: string) => ({
      healthy: [series(metric, J, healthy)],
      unhealthy: [series(metric, J, unhealthy)],
      fires: byJob,
    });
    const tmpTables = (disk: number) => [
      series('mysql_global_status_created_tmp_tables', J, counter(1000, MINUTES)),
      series('mysql_global_status_created_tmp_disk_tables', J, counter(disk, MINUTES)),
    ];
    const connections = (used: number) => [
      series('mysql_global_status_threads_connected', J, gauge(used, MINUTES)),
      series('mysql_global_variables_max_connections', J, gauge(100, MINUTES)),
    ];
    return [
      this.down('mysql_up', 'MySQLDown'),
      this.rule({
        alert: 'MySQLDeadlocks',
        expr: `sum by (job) (increase(${this.sel('mysql_info_schema_innodb_metrics_lock_lock_deadlocks_total')}[15m])) > 3`,
        summary: `${this.what}: deadlocks`,
        description: `InnoDB rolled back more than 3 transactions as deadlock victims in 15 minutes: two code paths take the same row locks in different orders.`,
        ...one('mysql_info_schema_innodb_metrics_lock_lock_deadlocks_total', gauge(2, MINUTES), counter(1, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLLockWaits',
        expr: `max by (job) (${this.sel('mysql_global_status_innodb_row_lock_current_waits')}) > 5`,
        for: '10m',
        summary: `${this.what}: transactions waiting for row locks`,
        description: `More than 5 InnoDB transactions have been waiting for row locks for 10 minutes.`,
        ...one('mysql_global_status_innodb_row_lock_current_waits', gauge(1, MINUTES), gauge(12, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLLockTimeouts',
        expr: `sum by (job) (increase(${this.sel('mysql_info_schema_innodb_metrics_lock_lock_timeouts_total')}[15m])) > 3`,
        summary: `${this.what}: lock wait timeouts`,
        description: `More than 3 statements failed with a lock wait timeout (innodb_lock_wait_timeout) in 15 minutes.`,
        ...one('mysql_info_schema_innodb_metrics_lock_lock_timeouts_total', gauge(2, MINUTES), counter(1, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLSlowQueries',
        expr: `sum by (job) (rate(${this.sel('mysql_global_status_slow_queries')}[10m])) > 0.1`,
        for: '10m',
        summary: `${this.what}: slow queries`,
        description: `More than one query every 10 seconds has exceeded long_query_time for 10 minutes.`,
        ...one('mysql_global_status_slow_queries', counter(1, MINUTES), counter(60, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLBinlogSizeHigh',
        expr: `max by (job) (${this.sel('mysql_binlog_size_bytes')}) > ${num(logLimit)}`,
        for: '15m',
        summary: `${this.what}: binary logs above ${num(logLimit / GIB)} GiB`,
        description: `The binary logs of the ${this.what} have held more than ${num(logLimit / GIB)} GiB for 15 minutes: binlog retention is too long or a replica stopped reading.`,
        ...one('mysql_binlog_size_bytes', gauge(logLimit / 4, MINUTES), gauge(logLimit * 2, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLReplicationLag',
        expr: `max by (job) (${this.sel('mysql_slave_status_seconds_behind_master')} or ${this.sel('mysql_slave_status_seconds_behind_source')}) > 30`,
        for: '5m',
        summary: `${this.what}: replica more than 30 s behind`,
        description: `A replica of the ${this.what} has been more than 30 seconds behind its source for 5 minutes: reads from it are stale and a failover would lose that much.`,
        ...one('mysql_slave_status_seconds_behind_source', gauge(1, MINUTES), gauge(120, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLPurgeBacklog',
        expr: `max by (job) (${this.sel('mysql_info_schema_innodb_metrics_transaction_trx_rseg_history_len')}) > 100000`,
        for: '30m',
        summary: `${this.what}: undo history not purged`,
        description: `The InnoDB history list has held more than 100000 undo records for 30 minutes: purge is not keeping up, usually because a long transaction is open; queries slow down as it grows.`,
        ...one('mysql_info_schema_innodb_metrics_transaction_trx_rseg_history_len', gauge(2000, MINUTES), gauge(500_000, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLAbortedConnections',
        expr: `sum by (job) (rate(${this.sel('mysql_global_status_aborted_connects')}[10m])) > 1`,
        for: '10m',
        summary: `${this.what}: connection attempts failing`,
        description: `More than one connection attempt a second has failed for 10 minutes: bad credentials, exhausted connections or network trouble.`,
        ...one('mysql_global_status_aborted_connects', counter(6, MINUTES), counter(600, MINUTES)),
      }),
      this.rule({
        alert: 'MySQLTmpTablesOnDisk',
        expr: `sum by (job) (rate(${this.sel('mysql_global_status_created_tmp_disk_tables')}[10m]))\n/\nsum by (job) (rate(${this.sel('mysql_global_status_created_tmp_tables')}[10m]))\n> 0.25`,
        for: '30m',
        summary: `${this.what}: temporary tables spilling to disk`,
        description: `More than 25% of the internal temporary tables of the ${this.what} have been created on disk for 30 minutes: queries exceed tmp_table_size.`,
        healthy: tmpTables(50),
        unhealthy: tmpTables(600),
        fires: byJob,
      }),
      this.rule({
        alert: 'MySQLConnectionsNearLimit',
        expr: `max by (job) (${this.sel('mysql_global_status_threads_connected')})\n/\nmax by (job) (${this.sel('mysql_global_variables_max_connections')})\n> 0.8`,
        for: '10m',
        summary: `${this.what}: connections above 80% of max_connections`,
        description: `The ${this.what} has used more than 80% of max_connections for 10 minutes; new connections will soon be refused.`,
        healthy: connections(30),
        unhealthy: connections(95),
        fires: byJob,
      }),
    ];
  }
}
