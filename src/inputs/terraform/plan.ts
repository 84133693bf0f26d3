// `terraform show -json` output (of a plan or of state): one resource per
// resource in the planned (or current) values, root module and child modules.
import type { KeyPath, Resource } from '../../core/types.js';
import { isRecord, list, str } from '../../core/values.js';
import { locateIn } from '../yaml/positions.js';
import type { ParsedDocument } from '../yaml/parse.js';
import { decodeJsonStrings } from './decode.js';
import { withPolicyDocument } from './policy-document.js';
import { TerraformResource } from './resources.js';

/** A JSON document is taken for `terraform show -json` output when it has `format_version` and values or changes. */
export function isTerraformPlan(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    typeof value.format_version === 'string' &&
    (isRecord(value.planned_values) || isRecord(value.values) || Array.isArray(value.resource_changes))
  );
}

interface PlanEntry {
  item: Record<string, unknown>;
  /** Path of the resource object in the document. */
  at: KeyPath;
  /** Path of its attribute values in the document. */
  valuesAt: KeyPath;
  values: unknown;
}

/** Resources of a module tree, walked without recursion. */
function moduleEntries(root: Record<string, unknown>, rootPath: KeyPath): PlanEntry[] {
  const entries: PlanEntry[] = [];
  const stack: Array<{ module: unknown; at: KeyPath }> = [{ module: root, at: rootPath }];
  while (stack.length > 0) {
    const { module, at } = stack.pop()!;
    if (!isRecord(module)) continue;
    list(module.resources).forEach((item, index) => {
      if (!isRecord(item)) return;
      const itemAt = [...at, 'resources', index];
      entries.push({ item, at: itemAt, valuesAt: [...itemAt, 'values'], values: item.values });
    });
    const children = list(module.child_modules);
    for (let index = children.length - 1; index >= 0; index--) stack.push({ module: children[index], at: [...at, 'child_modules', index] });
  }
  return entries;
}

function planEntries(plan: Record<string, unknown>): PlanEntry[] {
  for (const section of ['planned_values', 'values']) {
    const values = plan[section];
    if (isRecord(values) && isRecord(values.root_module)) return moduleEntries(values.root_module, [section, 'root_module']);
  }
  const entries: PlanEntry[] = [];
  list(plan.resource_changes).forEach((item, index) => {
    if (!isRecord(item) || !isRecord(item.change) || !isRecord(item.change.after)) return;
    const at = ['resource_changes', index];
    entries.push({ item, at, valuesAt: [...at, 'change', 'after'], values: item.change.after });
  });
  return entries;
}

/**
 * One resource per resource of each plan document: kind is the resource type
 * (`data.TYPE` for data sources, as in HCL), name its address, value its
 * attribute values with JSON strings (policies) decoded and, for a
 * policy-document data source, its rendered `json` also under `__policy`,
 * as in HCL resources.
 */
export function planResources(documents: ParsedDocument[], file: string): Resource[] {
  const resources: Resource[] = [];
  for (const document of documents) {
    if (!isTerraformPlan(document.value)) continue;
    const locate = (path: KeyPath) => locateIn(document.value, document.positions, path);
    for (const { item, at, valuesAt, values } of planEntries(document.value)) {
      const type = str(item.type);
      const address = str(item.address);
      if (!type || !address) continue;
      const kind = item.mode === 'data' ? `data.${type}` : type;
      const decoded = decodeJsonStrings(isRecord(values) ? values : {});
      const withPolicy = withPolicyDocument(kind, decoded.value as Record<string, unknown>);
      resources.push(
        new TerraformResource(
          kind,
          address,
          withPolicy.value,
          file,
          locate([...at, 'address']),
          (path) => locate([...valuesAt, ...withPolicy.sourcePath(path)]),
          decoded.decoded.map(({ path, original }) => ({ path, from: 'json' as const, original })),
          { variables: {}, locals: {} },
        ),
      );
    }
  }
  return resources;
}
