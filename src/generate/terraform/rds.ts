// rds.tf: a database instance per service that owns one: encrypted with the
// platform key, private, Multi-AZ, TLS required, IAM authentication, the
// master password generated and kept by RDS in Secrets Manager, backups and
// deletion protection, Performance Insights, enhanced monitoring, and the
// engine's logs (slow queries, locks, spills) in encrypted log groups.
import { databaseInstanceId, databasePort } from '../names.js';
import type { DatabaseSpec, ServiceSpec } from '../spec.js';
import {
  bounded, clusterSecurityGroup, platformRoleName, documentJson, label, logGroup, managedPolicy, platformKeyArn, privateSubnetIds, serviceTrust, vpcId, type Context,
} from './context.js';
import { block, ref, top, type Block } from './hcl.js';

interface Engine {
  engine: string;
  version: string;
  family: string;
  logs: string[];
  /** Parameters: TLS only, and what the database alerts and investigations read from the logs. */
  parameters: Array<[string, string]>;
}

const ENGINES: Record<DatabaseSpec['engine'], Engine> = {
  postgresql: {
    engine: 'postgres',
    version: '16',
    family: 'postgres16',
    logs: ['postgresql', 'upgrade'],
    parameters: [
      ['rds.force_ssl', '1'],
      ['log_min_duration_statement', '1000'],
      ['log_lock_waits', '1'],
      ['log_temp_files', '0'],
      ['log_autovacuum_min_duration', '10000'],
    ],
  },
  mysql: {
    engine: 'mysql',
    version: '8.0',
    family: 'mysql8.0',
    logs: ['error', 'slowquery'],
    parameters: [
      ['require_secure_transport', '1'],
      ['slow_query_log', '1'],
      ['long_query_time', '1'],
      ['log_output', 'FILE'],
      ['innodb_print_all_deadlocks', '1'],
    ],
  },
};

export function databaseServices(ctx: Context): ServiceSpec[] {
  return ctx.services.filter((s) => s.database !== undefined);
}

export function databaseRef(service: ServiceSpec): string {
  return `aws_db_instance.${label(service.name)}`;
}

function databaseResources(ctx: Context, service: ServiceSpec, database: DatabaseSpec): Block[] {
  const name = label(service.name);
  const engine = ENGINES[database.engine];
  const identifier = bounded(databaseInstanceId(ctx.cluster, service).toLowerCase(), 63);
  const port = databasePort(database.engine);
  const storage = database.storageGb ?? 20;
  return [
    top('resource', ['aws_security_group', `db_${name}`], {
      name: bounded(`${ctx.cluster.name}-${service.name}-db`, 255),
      description: `Database of ${service.name}: reachable from the cluster only`,
      vpc_id: vpcId,
      tags: { Name: `${ctx.cluster.name}-${service.name}-db` },
    }),
    top('resource', ['aws_vpc_security_group_ingress_rule', `db_${name}`], {
      security_group_id: ref(`aws_security_group.db_${name}.id`),
      referenced_security_group_id: clusterSecurityGroup,
      ip_protocol: 'tcp',
      from_port: port,
      to_port: port,
      description: 'Database clients in the cluster',
    }),
    top('resource', ['aws_db_parameter_group', name], {
      name: bounded(`${identifier}-${engine.family.replace(/\./g, '-')}`, 255),
      family: engine.family,
      description: `${service.name}: TLS only, slow queries, lock waits and spills logged`,
      parameter: engine.parameters.map(([parameter, value]) => block({ name: parameter, value, apply_method: 'pending-reboot' })),
    }),
    // RDS would create these unencrypted and without retention on first export.
    ...engine.logs.map((log) => logGroup(`db_${name}_${log}`, `/aws/rds/instance/${identifier}/${log}`)),
    top('resource', ['aws_db_instance', name], {
      identifier,
      engine: engine.engine,
      engine_version: engine.version,
      instance_class: database.instanceClass ?? 'db.t4g.medium',
      allocated_storage: storage,
      max_allocated_storage: storage * 4,
      storage_type: 'gp3',
      storage_encrypted: true,
      kms_key_id: platformKeyArn,
      db_name: database.name,
      username: 'platform_admin',
      // RDS generates the master password, keeps it in Secrets Manager under the platform key and rotates it.
      manage_master_user_password: true,
      master_user_secret_kms_key_id: platformKeyArn,
      iam_database_authentication_enabled: true,
      port,
      db_subnet_group_name: ref('aws_db_subnet_group.main.name'),
      vpc_security_group_ids: [ref(`aws_security_group.db_${name}.id`)],
      publicly_accessible: false,
      multi_az: true,
      parameter_group_name: ref(`aws_db_parameter_group.${name}.name`),
      ca_cert_identifier: 'rds-ca-rsa2048-g1',
      backup_retention_period: 14,
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `${identifier}-final`,
      auto_minor_version_upgrade: true,
      apply_immediately: false,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: platformKeyArn,
      performance_insights_retention_period: 7,
      monitoring_interval: 30,
      monitoring_role_arn: ref('aws_iam_role.rds_monitoring.arn'),
      enabled_cloudwatch_logs_exports: engine.logs,
      depends_on: engine.logs.map((log) => ref(`aws_cloudwatch_log_group.db_${name}_${log}`)),
    }),
  ];
}

export function rdsFile(ctx: Context): Block[] {
  const services = databaseServices(ctx);
  if (services.length === 0) return [];
  return [
    top('resource', ['aws_db_subnet_group', 'main'], {
      name: bounded(`${ctx.cluster.name}-db`.toLowerCase(), 255),
      description: 'Private subnets of the platform',
      subnet_ids: privateSubnetIds,
    }),
    top('resource', ['aws_iam_role', 'rds_monitoring'], {
      name: platformRoleName(ctx, 'rds-monitoring'),
      description: 'RDS enhanced monitoring',
      assume_role_policy: documentJson('rds_monitoring_trust'),
    }),
    serviceTrust(ctx, 'rds_monitoring_trust', 'monitoring.rds.amazonaws.com'),
    top('resource', ['aws_iam_role_policy_attachment', 'rds_monitoring'], {
      role: ref('aws_iam_role.rds_monitoring.name'),
      policy_arn: managedPolicy(ctx, 'service-role/AmazonRDSEnhancedMonitoringRole'),
    }),
    ...services.flatMap((service) => databaseResources(ctx, service, service.database!)),
  ];
}
