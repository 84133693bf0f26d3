import {
  at, blocksAt, describe, isModule, itemsAt, literalOf, mapEntries, numberOf, referencedResources, setting, textOf, type Item,
} from '../../core/iac.js';
import type { KeyPath, Model, Report, Resource, Rule, Severity } from '../../core/types.js';
import { get, list } from '../../core/values.js';
import { ingressSchemesUsing, loadBalancersUsing, schemeOf } from './lb-support.js';

const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Ports that must never face the internet: remote administration and data stores. */
const ADMIN_PORTS: ReadonlyArray<[number, string]> = [
  [22, 'SSH'],
  [3389, 'RDP'],
];
const DATABASE_PORTS: ReadonlyArray<[number, string]> = [
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [5439, 'Redshift'],
  [6379, 'Redis'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
  [9042, 'Cassandra'],
  [9200, 'Elasticsearch'],
  [2379, 'etcd'],
  [5984, 'CouchDB'],
];

const WEB_PORTS = new Set([80, 443]);
const SG_KINDS = ['aws_security_group', 'AWS::EC2::SecurityGroup'];

interface Ports {
  /** Every protocol and port. */
  all: boolean;
  icmp: boolean;
  from: number | undefined;
  to: number | undefined;
}

const ALL_PROTOCOLS = new Set(['-1', 'all']);
const ICMP = new Set(['icmp', '1', 'icmpv6', '58']);

function portsOf(resource: Resource, protocolValue: unknown, fromValue: unknown, toValue: unknown): Ports {
  const protocol = textOf(resource, protocolValue)?.trim().toLowerCase();
  if (protocol !== undefined && ALL_PROTOCOLS.has(protocol)) return { all: true, icmp: false, from: undefined, to: undefined };
  if (protocol !== undefined && ICMP.has(protocol)) return { all: false, icmp: true, from: undefined, to: undefined };
  const from = numberOf(resource, fromValue);
  const to = numberOf(resource, toValue) ?? from;
  if (from !== undefined && to !== undefined && from <= 0 && to >= 65535) return { all: true, icmp: false, from, to };
  if (from === -1 && to === -1) return { all: true, icmp: false, from, to };
  return { all: false, icmp: false, from, to };
}

function describePorts(ports: Ports): string {
  if (ports.all) return 'all ports';
  if (ports.from === undefined || ports.to === undefined) return 'its ports';
  return ports.from === ports.to ? `port ${ports.from}` : `ports ${ports.from}-${ports.to}`;
}

interface Verdict {
  severity: Severity;
  /** Sensitive services in the range, named for the message. */
  services: string[];
  admin: boolean;
  database: boolean;
}

function servicesIn(ports: Ports, table: ReadonlyArray<[number, string]>): string[] {
  if (ports.from === undefined || ports.to === undefined) return [];
  const single = ports.from === ports.to;
  return table.filter(([port]) => port >= ports.from! && port <= ports.to!).map(([port, name]) => (single ? name : `${name} ${port}`));
}

/** Severity and the sensitive services a range exposes. */
function verdict(ports: Ports): Verdict {
  if (ports.all) return { severity: 'critical', services: [], admin: true, database: true };
  if (ports.icmp) return { severity: 'low', services: [], admin: false, database: false };
  const admin = servicesIn(ports, ADMIN_PORTS);
  const database = servicesIn(ports, DATABASE_PORTS);
  const services = [...admin, ...database];
  return { severity: services.length > 0 ? 'critical' : 'high', services, admin: admin.length > 0, database: database.length > 0 };
}

function isWebOnly(ports: Ports): boolean {
  return !ports.all && !ports.icmp && ports.from !== undefined && ports.from === ports.to && WEB_PORTS.has(ports.from);
}

/**
 * Whether web ports on `group` are allowed: it is attached to an internet-facing
 * load balancer. Undefined when that cannot be known (the group or the
 * balancer's scheme is unresolved).
 */
function isPublicLoadBalancerGroup(model: Model, group: Resource | undefined): boolean | undefined {
  if (!group) return undefined;
  const schemes = loadBalancersUsing(model, group).map(schemeOf);
  if (schemes.includes('internet-facing') || ingressSchemesUsing(model, group).includes('internet-facing')) return true;
  return schemes.includes(undefined) ? undefined : false;
}

interface IngressRule {
  /** The security group the rule belongs to, when known. */
  group: Resource | undefined;
  /** Whether the group is known (a reference that resolves, or the group itself). */
  groupKnown: boolean;
  ports: Ports;
  cidrs: Item[];
  /** How the rule is named in a message. */
  what: string;
}

function* judge(model: Model, rule: IngressRule): Iterable<Report> {
  const open = rule.cidrs.filter((c) => typeof c.literal === 'string' && WORLD.has(c.literal.trim()));
  if (open.length === 0) return;
  if (isWebOnly(rule.ports)) {
    const allowed = rule.groupKnown ? isPublicLoadBalancerGroup(model, rule.group) : undefined;
    if (allowed !== false) return; // a public load balancer's group, or unknown
  }
  const { severity, services, admin, database } = verdict(rule.ports);
  const expected =
    rule.ports.all ? 'admit only the ports and sources the tier needs, e.g. the load balancer\'s security group'
    : admin ? 'admit only the VPN or bastion range, or use SSM Session Manager instead of opening the port'
    : database ? 'admit only the application\'s security group'
    : isWebOnly(rule.ports) ? 'open web ports to the world only on a public load balancer\'s group and admit this tier from that group'
    : 'admit only the load balancer\'s or the calling tier\'s security group, or known CIDRs';
  for (const cidr of open) {
    const exposed = services.length > 0 ? ` (${services.join(', ')})` : rule.ports.all ? ' (every protocol)' : rule.ports.icmp ? ' (ICMP)' : '';
    yield {
      path: cidr.path,
      severity,
      message: `${rule.what} admits ${String(cidr.literal).trim()} on ${describePorts(rule.ports)}${exposed}${isWebOnly(rule.ports) ? ', but no internet-facing load balancer in the scan uses the group' : ''}: ${expected}`,
    };
  }
}

function terraformGroupRules(resource: Resource): IngressRule[] {
  return blocksAt(resource, 'ingress').map((block) => ({
    group: resource,
    groupKnown: true,
    ports: portsOf(resource, block.value.protocol, block.value.from_port, block.value.to_port),
    cidrs: [...itemsAt(resource, ...block.path, 'cidr_blocks') ?? [], ...itemsAt(resource, ...block.path, 'ipv6_cidr_blocks') ?? []],
    what: `security group ${describe(resource)}`,
  }));
}

function referencedGroup(model: Model, resource: Resource, value: unknown): { group: Resource | undefined; known: boolean } {
  const groups = referencedResources(model, resource, value, ...SG_KINDS);
  return { group: groups[0], known: groups.length > 0 };
}

function cfnIngress(resource: Resource, entry: unknown, path: KeyPath, group: Resource | undefined, known: boolean, what: string): IngressRule {
  const cidrs: Item[] = [];
  for (const key of ['CidrIp', 'CidrIpv6']) {
    const value = get(entry, [key]);
    if (value !== undefined) cidrs.push({ value, literal: literalOf(resource, value), path: [...path, key] });
  }
  return {
    group,
    groupKnown: known,
    ports: portsOf(resource, get(entry, ['IpProtocol']), get(entry, ['FromPort']), get(entry, ['ToPort'])),
    cidrs,
    what,
  };
}

function rulesOf(model: Model, resource: Resource): IngressRule[] {
  switch (resource.kind) {
    case 'aws_security_group':
      return terraformGroupRules(resource);
    case 'aws_security_group_rule': {
      if (textOf(resource, setting(resource, 'type'))?.trim().toLowerCase() !== 'ingress') return [];
      const { group, known } = referencedGroup(model, resource, setting(resource, 'security_group_id'));
      return [{
        group,
        groupKnown: known,
        ports: portsOf(resource, setting(resource, 'protocol'), setting(resource, 'from_port'), setting(resource, 'to_port')),
        cidrs: [...itemsAt(resource, 'cidr_blocks') ?? [], ...itemsAt(resource, 'ipv6_cidr_blocks') ?? []],
        what: `security group rule ${describe(resource)}${group ? ` of ${describe(group)}` : ''}`,
      }];
    }
    case 'aws_vpc_security_group_ingress_rule': {
      const { group, known } = referencedGroup(model, resource, setting(resource, 'security_group_id'));
      const cidrs: Item[] = [];
      for (const key of ['cidr_ipv4', 'cidr_ipv6']) {
        const value = setting(resource, key);
        if (value !== undefined) cidrs.push({ value, literal: literalOf(resource, value), path: [key] });
      }
      return [{
        group,
        groupKnown: known,
        ports: portsOf(resource, setting(resource, 'ip_protocol'), setting(resource, 'from_port'), setting(resource, 'to_port')),
        cidrs,
        what: `ingress rule ${describe(resource)}${group ? ` of ${describe(group)}` : ''}`,
      }];
    }
    case 'AWS::EC2::SecurityGroup':
      return list(setting(resource, 'SecurityGroupIngress')).map((entry, i) =>
        cfnIngress(resource, entry, at(resource, 'SecurityGroupIngress', i), resource, true, `security group ${describe(resource)}`),
      );
    case 'AWS::EC2::SecurityGroupIngress': {
      const { group, known } = referencedGroup(model, resource, setting(resource, 'GroupId'));
      return [cfnIngress(resource, setting(resource), at(resource), group, known, `ingress rule ${describe(resource)}${group ? ` of ${describe(group)}` : ''}`)];
    }
    case 'module':
      return moduleRules(resource);
    default:
      return [];
  }
}

/** terraform-aws-modules/eks additional rules for the cluster and node security groups. */
function moduleRules(resource: Resource): IngressRule[] {
  if (!isModule(resource, 'eks')) return [];
  const rules: IngressRule[] = [];
  for (const key of ['cluster_security_group_additional_rules', 'node_security_group_additional_rules']) {
    for (const entry of mapEntries(resource, key)) {
      if (textOf(resource, entry.value.type)?.trim().toLowerCase() !== 'ingress') continue;
      rules.push({
        group: undefined,
        groupKnown: true, // the module's own cluster or node group: never a load balancer's
        ports: portsOf(resource, entry.value.protocol, entry.value.from_port, entry.value.to_port),
        cidrs: [...itemsAt(resource, ...entry.path, 'cidr_blocks') ?? [], ...itemsAt(resource, ...entry.path, 'ipv6_cidr_blocks') ?? []],
        what: `${resource.name} ${key.startsWith('node') ? 'node' : 'cluster'} security group rule "${entry.name}"`,
      });
    }
  }
  return rules;
}

export const securityGroupRestricted: Rule = {
  id: 'security-group-restricted',
  practice: 'NET-SG-RESTRICTED',
  severity: 'high',
  title: 'Security groups admit no ingress from the whole internet',
  rationale:
    'A security group rule from 0.0.0.0/0 or ::/0 exposes the port to every scanner on the internet within minutes; SSH, RDP and database ports are brute-forced and exploited continuously. Only a public load balancer needs to accept HTTP/HTTPS from everywhere; the tiers behind it should admit only the balancer\'s security group.',
  remediation:
    'Replace `cidr_blocks = ["0.0.0.0/0"]` (CloudFormation `CidrIp: 0.0.0.0/0`, `cidr_ipv4`) with `security_groups = [aws_security_group.alb.id]` / `referenced_security_group_id` (`SourceSecurityGroupId`) or the VPN range; reach instances through SSM Session Manager instead of opening SSH or RDP, and keep 0.0.0.0/0 on ports 80/443 only for an internet-facing load balancer\'s group.',
  inputs: ['terraform', 'cfn'],
  *check(resource, model): Iterable<Report> {
    for (const rule of rulesOf(model, resource)) yield* judge(model, rule);
  },
};
