import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

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
