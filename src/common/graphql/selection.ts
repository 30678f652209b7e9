import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` below the field being resolved (through fragments and
 * inline fragments), e.g. `selects(info, ['edges', 'node', 'requirements'])`: lets a list read a
 * relation in the same statement only when the client asks for it. Directives (@skip, @include) are
 * not evaluated: a field under one counts as selected, which costs a read, never an answer.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => selectsIn(node.selectionSet, path, info));
}

function selectsIn(
  set: SelectionSetNode | undefined,
  path: readonly string[],
  info: GraphQLResolveInfo,
): boolean {
  if (!set || path.length === 0) return false;
  return set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return matches(selection, path, info);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsIn(selection.selectionSet, path, info);
    const fragment = info.fragments[selection.name.value];
    return fragment ? selectsIn(fragment.selectionSet, path, info) : false;
  });
}

function matches(field: FieldNode, path: readonly string[], info: GraphQLResolveInfo): boolean {
  if (field.name.value !== path[0]) return false;
  return path.length === 1 || selectsIn(field.selectionSet, path.slice(1), info);
}

/**
 * The names of the fields the operation selects at `path` below the field being resolved (through
 * fragments and inline fragments; `__typename` included), e.g. `selectedFields(info, ['edges',
 * 'node'])`; null when nothing is selected there. Lets a list read only the columns a client asks
 * for. Directives are not evaluated: a field under @skip or @include counts as selected.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  let sets = info.fieldNodes.map((node) => node.selectionSet).filter((s): s is SelectionSetNode => !!s);
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    for (const set of sets) {
      eachField(set, info, (field) => {
        if (field.name.value === name && field.selectionSet) next.push(field.selectionSet);
      });
    }
    sets = next;
  }
  if (sets.length === 0) return null;
  const names = new Set<string>();
  for (const set of sets) eachField(set, info, (field) => names.add(field.name.value));
  return names;
}

function eachField(set: SelectionSetNode, info: GraphQLResolveInfo, visit: (field: FieldNode) => void): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) eachField(selection.selectionSet, info, visit);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) eachField(fragment.selectionSet, info, visit);
    }
  }
}
