// Which controller serves an Ingress, and the AWS Load Balancer Controller's
// view of it (annotations, IngressClassParams, IngressGroups). Not a rule.
import type { Model, Resource } from '../../core/types.js';
import { get, record, str, stringMap } from '../../core/values.js';

export const ALB = 'alb.ingress.kubernetes.io/';
const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

export type Controller = 'alb' | 'nginx' | 'other';

/** A Kubernetes Ingress (networking.k8s.io, or legacy extensions). */
export function isIngress(resource: Resource): boolean {
  if (resource.input !== 'k8s' || resource.kind !== 'Ingress') return false;
  const apiVersion = resource.apiVersion ?? '';
  return apiVersion.startsWith('networking.k8s.io/') || apiVersion.startsWith('extensions/');
}

export function annotationsOf(resource: Resource): Record<string, string> {
  return stringMap(get(resource.value, ['metadata', 'annotations']));
}

/** The class an Ingress names: spec.ingressClassName, else the legacy annotation. */
export function className(resource: Resource): string | undefined {
  return str(get(resource.value, ['spec', 'ingressClassName'])) ?? annotationsOf(resource)['kubernetes.io/ingress.class'];
}

/** The IngressClass of an Ingress when the scan holds it: the named one, or the default class. */
function ingressClass(resource: Resource, model: Model): Resource | undefined {
  const name = className(resource);
  const classes = model.ofKind('IngressClass');
  if (name !== undefined) return classes.find((c) => c.name === name);
  return classes.find((c) => annotationsOf(c)['ingressclass.kubernetes.io/is-default-class'] === 'true');
}

export function controllerOf(resource: Resource, model: Model): Controller {
  const cls = ingressClass(resource, model);
  const controller = cls ? str(get(cls.value, ['spec', 'controller'])) : undefined;
  if (controller === ALB_CONTROLLER) return 'alb';
  if (controller === NGINX_CONTROLLER) return 'nginx';
  if (controller !== undefined) return 'other';
  const name = className(resource);
  if (name === 'alb') return 'alb';
  if (name === 'nginx') return 'nginx';
  if (name !== undefined) return 'other';
  // No class at all: the cluster's default class serves it; the annotations say which one is meant.
  const keys = Object.keys(annotationsOf(resource));
  if (keys.some((k) => k.startsWith(ALB))) return 'alb';
  if (keys.some((k) => k.startsWith('nginx.ingress.kubernetes.io/'))) return 'nginx';
  return 'other';
}

/** The spec of the IngressClassParams an ALB Ingress's class points to, when the scan holds it. */
export function albParams(resource: Resource, model: Model): Record<string, unknown> {
  const cls = ingressClass(resource, model);
  if (!cls) return {};
  const parameters = record(get(cls.value, ['spec', 'parameters']));
  if (parameters.kind !== 'IngressClassParams') return {};
  const name = str(parameters.name);
  const params = model.ofKind('IngressClassParams').find((p) => p.name === name);
  return params ? record(get(params.value, ['spec'])) : {};
}

/** The ALB scheme: IngressClassParams win over the annotation; the controller's default is internal. */
export function albScheme(resource: Resource, model: Model): string {
  return str(albParams(resource, model).scheme) ?? annotationsOf(resource)[`${ALB}scheme`] ?? 'internal';
}

/** The IngressGroup name, if the Ingress shares its ALB with others. */
function albGroup(resource: Resource, model: Model): string | undefined {
  return str(get(albParams(resource, model), ['group', 'name'])) ?? annotationsOf(resource)[`${ALB}group.name`];
}

/** The ALB Ingresses that share one load balancer with this one (itself included). */
export function albGroupMembers(resource: Resource, model: Model): Resource[] {
  const group = albGroup(resource, model);
  if (group === undefined) return [resource];
  return model
    .ofKind('Ingress')
    .filter((i) => i === resource || (isIngress(i) && controllerOf(i, model) === 'alb' && albGroup(i, model) === group));
}
