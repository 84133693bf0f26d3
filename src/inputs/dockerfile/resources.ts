// A parsed Dockerfile as one resource, and the multi-stage view rules need:
// only the final stage becomes the image, and a stage built FROM an earlier
// stage inherits that stage's settings.
import type { KeyPath, Position, Resource } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';
import type { DockerfileModel, Stage } from './parse.js';

class DockerfileResource implements Resource {
  readonly input = 'dockerfile' as const;
  readonly kind = 'Dockerfile';
  readonly position: Position = { line: 1, column: 1 };

  constructor(
    readonly name: string,
    readonly value: DockerfileModel,
    readonly file: string,
  ) {}

  /** The model's parts carry their own line and column: the deepest one on the path wins. */
  locate(path: KeyPath): Position {
    let position = this.position;
    let node: unknown = this.value;
    for (const segment of path) {
      node = get(node, [segment]);
      if (node === null || node === undefined) break;
      if (isRecord(node) && typeof node.line === 'number' && typeof node.column === 'number') position = { line: node.line, column: node.column };
    }
    return position;
  }
}

export function dockerfileResources(payload: DockerfileModel, file: string): Resource[] {
  return [new DockerfileResource(file, payload, file)];
}

/** The model behind a Dockerfile resource, for rules. */
export function dockerfileModelOf(resource: Resource): DockerfileModel | undefined {
  return resource instanceof DockerfileResource ? resource.value : undefined;
}

/** The stage `docker build` produces without `--target`: the last one. */
export function finalStage(model: DockerfileModel): number | undefined {
  return model.stages.length > 0 ? model.stages.length - 1 : undefined;
}

type Inheritable = 'user' | 'healthcheck' | 'entrypoint' | 'cmd';

/**
 * The setting in effect at the end of a stage: its own, else the one of the
 * earlier stage it builds on, and so on. Undefined means this Dockerfile does
 * not set it: it comes from the base image (for `user`, typically root), or
 * for `cmd`, an ENTRYPOINT cleared the inherited CMD as Docker does.
 */
export function effectiveSetting<K extends Inheritable>(
  model: DockerfileModel,
  stageIndex: number,
  key: K,
): { stage: number; setting: NonNullable<Stage[K]> } | undefined {
  // Following only earlier stages guarantees the walk ends.
  for (let index: number | null = stageIndex; index !== null; ) {
    const stage: Stage | undefined = model.stages[index];
    if (!stage) return undefined;
    const setting = stage[key];
    if (setting !== null) return { stage: index, setting: setting as NonNullable<Stage[K]> };
    if (key === 'cmd' && stage.entrypoint !== null) return undefined;
    index = stage.baseStage !== null && stage.baseStage < index ? stage.baseStage : null;
  }
  return undefined;
}
