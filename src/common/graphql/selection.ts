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
