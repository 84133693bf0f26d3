// CloudFormation's YAML short forms (`!Ref x`, `!GetAtt A.B`, `!Sub [...]`)
// as `yaml` custom tags, resolved to the long JSON form ({"Ref": x},
// {"Fn::GetAtt": ["A", "B"]}) so rules see the same data for YAML and JSON.
import { Pair, Scalar, YAMLMap, type CollectionTag, type ScalarTag, type Tags, type YAMLSeq } from 'yaml';

/** Short-form tag name → long-form key, per the CloudFormation template reference. */
const FUNCTIONS: ReadonlyArray<readonly [string, string]> = [
  ['Ref', 'Ref'],
  ['Condition', 'Condition'],
  ...[
    'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'GetStackOutput', 'If',
    'ImportValue', 'Join', 'Not', 'Or', 'Select', 'Split', 'Sub', 'Transform',
  ].map((name) => [name, `Fn::${name}`] as const),
];

/** `!GetAtt Resource.Attribute` names the attribute after the first dot (it may contain dots). */
function scalarArgument(key: string, text: string): unknown {
  if (key !== 'Fn::GetAtt') return text;
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/**
 * A tagged collection becomes a one-pair map around the original node, so
 * every node inside keeps its source position in the position table.
 */
function wrap(key: string, node: YAMLMap.Parsed | YAMLSeq.Parsed): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), node));
  return map;
}

function tagsFor(name: string, key: string): Tags {
  const tag = `!${name}`;
  const scalar: ScalarTag = { tag, resolve: (text) => ({ [key]: scalarArgument(key, text) }) };
  // Every function gets all three node forms so a misused tag (`!Ref [a]`)
  // still shows up as what the author wrote instead of silently vanishing.
  const collections = (['seq', 'map'] as const).map(
    (collection): CollectionTag => ({ tag, collection, resolve: (node) => wrap(key, node) }),
  );
  return [scalar, ...collections];
}

/** Custom tags for `parseYamlStream(text, file, { customTags: CFN_TAGS })`. */
export const CFN_TAGS: Tags = FUNCTIONS.flatMap(([name, key]) => tagsFor(name, key));
