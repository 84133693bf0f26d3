import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord, list, record, str } from '../../core/values.js';
import { ALB, albGroupMembers, albParams, annotationsOf, controllerOf, isIngress } from './ingress-controllers.js';

export const ingressTls: Rule = {
  id: 'ingress-tls',
  practice: 'NET-TLS-INGRESS',
  severity: 'high',
  title: 'Ingresses terminate TLS and redirect HTTP to HTTPS',
  rationale:
    'Traffic served over plain HTTP can be read and altered by anyone on the path: session cookies, tokens and credentials travel in clear text. Serving HTTPS alone is not enough while the HTTP listener still answers: clients that start on http:// keep sending their requests unencrypted unless they are redirected.',
  remediation:
    'Add `spec.tls` with `hosts` covering every rule host and a `secretName` issued by cert-manager (`cert-manager.io/cluster-issuer` annotation). On an ALB, set `alb.ingress.kubernetes.io/certificate-arn` (ACM), `alb.ingress.kubernetes.io/listen-ports: \'[{"HTTP": 80}, {"HTTPS": 443}]\'` and `alb.ingress.kubernetes.io/ssl-redirect: \'443\'`. Do not set `nginx.ingress.kubernetes.io/ssl-redirect: "false"`. Give a Gateway an HTTPS listener.',
  inputs: ['k8s'],
  *check(resource, model): Iterable<Report> {
    if (isGateway(resource)) {
      yield* checkGateway(resource);
      return;
    }
    if (!isIngress(resource)) return;
    const spec = record(get(resource.value, ['spec']));
    const serves = list(spec.rules).length > 0 || isRecord(spec.defaultBackend) || isRecord(spec.backend);
    if (!serves) return;
    const what = `Ingress "${resource.name}"`;
    const nginxRedirect = 'nginx.ingress.kubernetes.io/ssl-redirect';
    if (annotationsOf(resource)[nginxRedirect]?.trim().toLowerCase() === 'false') {
      yield {
        path: ['metadata', 'annotations', nginxRedirect],
        severity: 'medium',
        message: `${what} turns off the HTTP to HTTPS redirect (${nginxRedirect}: "false"): remove the annotation`,
      };
    }
    if (controllerOf(resource, model) === 'alb') yield* checkAlb(resource, model, what);
    else yield* checkTlsSection(resource, spec, what);
  },
};

function* checkTlsSection(resource: Resource, spec: Record<string, unknown>, what: string): Iterable<Report> {
  if (annotationsOf(resource)['traefik.ingress.kubernetes.io/router.tls']?.trim().toLowerCase() === 'true') return;
  const tls = list(spec.tls).filter(isRecord);
  if (tls.length === 0) {
    yield {
      path: Array.isArray(spec.tls) ? ['spec', 'tls'] : ['spec'],
      message: `${what} serves plain HTTP: add spec.tls with the rule hosts and a certificate secret`,
    };
    return;
  }
  // A tls entry without hosts covers every host (the controller's default certificate).
  if (tls.some((t) => list(t.hosts).length === 0)) return;
  const covered = tls.flatMap((t) => list(t.hosts).map((h) => str(h)?.toLowerCase()).filter((h): h is string => h !== undefined));
  for (const [i, rule] of list(spec.rules).entries()) {
    const host = str(get(rule, ['host']))?.toLowerCase();
    // Host-less rules with a tls section: which certificate and redirect apply is controller-specific.
    if (host === undefined || host === '') continue;
    if (covered.some((c) => hostMatches(c, host))) continue;
    yield {
      path: ['spec', 'rules', i, 'host'],
      message: `${what} serves host ${host} without TLS: add it to the hosts of a spec.tls entry`,
    };
  }
}

/** Whether a TLS host (possibly a `*.` wildcard for one label) covers a rule host. */
function hostMatches(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (!tlsHost.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && !host.startsWith('*') && host.slice(dot) === tlsHost.slice(1);
}

interface Listeners {
  http: boolean;
  https: boolean;
}

/** The protocols of the ALB listen-ports annotation; undefined when it is not valid JSON of that shape. */
function parseListenPorts(value: string): Listeners | undefined {
  if (value.length > 10_000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const result: Listeners = { http: false, https: false };
  for (const entry of parsed) {
    for (const key of Object.keys(record(entry))) {
      if (key.toUpperCase() === 'HTTP') result.http = true;
      else if (key.toUpperCase() === 'HTTPS') result.https = true;
    }
  }
  return result;
}

function* checkAlb(resource: Resource, model: Model, what: string): Iterable<Report> {
  const annotations = annotationsOf(resource);
  const params = albParams(resource, model);
  const portsKey = `${ALB}listen-ports`;
  const certificate =
    (annotations[`${ALB}certificate-arn`] ?? '').trim() !== '' ||
    (str(params.certificateArn) ?? '').trim() !== '' ||
    list(params.certificateArn).length > 0;
  const portsValue = annotations[portsKey];
  let listeners: Listeners;
  if (portsValue === undefined) {
    // The controller's default: HTTPS:443 with a certificate ARN, else HTTP:80.
    listeners = { http: !certificate, https: certificate };
  } else {
    const parsed = parseListenPorts(portsValue);
    if (!parsed) return; // the controller rejects it; nothing to judge
    listeners = parsed;
  }
  const path: KeyPath = portsValue !== undefined ? ['metadata', 'annotations', portsKey] : ['metadata', 'annotations'];
  if (!listeners.https) {
    yield {
      path,
      message: `${what} is served by an ALB with no HTTPS listener: set ${ALB}certificate-arn and an HTTPS entry in listen-ports`,
    };
  } else if (listeners.http && !albRedirects(resource, model)) {
    yield {
      path,
      severity: 'medium',
      message: `${what} also listens on plain HTTP without a redirect to HTTPS: set ${ALB}ssl-redirect: '443'`,
    };
  }
}

/** Whether the ALB redirects its HTTP listeners: ssl-redirect anywhere in the group, or a redirect action to HTTPS. */
function albRedirects(resource: Resource, model: Model): boolean {
  const port = albParams(resource, model).sslRedirectPort;
  if (typeof port === 'number' || (typeof port === 'string' && port.trim() !== '')) return true;
  if (albGroupMembers(resource, model).some((m) => (annotationsOf(m)[`${ALB}ssl-redirect`] ?? '').trim() !== '')) return true;
  // The older style: a redirect action on this Ingress (referenced from its rules).
  return Object.entries(annotationsOf(resource)).some(([key, value]) => key.startsWith(`${ALB}actions.`) && isHttpsRedirect(value));
}

function isHttpsRedirect(value: string): boolean {
  if (value.length > 10_000) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return false;
  }
  const field = (obj: unknown, name: string): unknown => {
    const r = record(obj);
    const key = Object.keys(r).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : r[key];
  };
  return (
    str(field(parsed, 'type'))?.toLowerCase() === 'redirect' &&
    str(field(field(parsed, 'redirectconfig'), 'protocol'))?.toUpperCase() === 'HTTPS'
  );
}

function isGateway(resource: Resource): boolean {
  return resource.input === 'k8s' && resource.kind === 'Gateway' && (resource.apiVersion ?? '').startsWith('gateway.networking.k8s.io/');
}

function* checkGateway(resource: Resource): Iterable<Report> {
  const listeners = list(get(resource.value, ['spec', 'listeners']));
  const protocols = listeners.map((l) => str(get(l, ['protocol'])));
  if (protocols.some((p) => p === 'HTTPS' || p === 'TLS')) return;
  for (const [i, protocol] of protocols.entries()) {
    if (protocol !== 'HTTP') continue;
    yield {
      path: ['spec', 'listeners', i, 'protocol'],
      severity: 'medium',
      message: `Gateway "${resource.name}" listener ${str(get(listeners[i], ['name'])) ?? `#${i}`} serves plain HTTP and the Gateway has no HTTPS listener: add an HTTPS listener with a certificateRef`,
    };
  }
}
