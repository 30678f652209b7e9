import { RoundRunInput } from './round-allocation';

/**
 * What a run keeps of its input document besides the document's text: the small rest (settings,
 * HR's decisions, full and fit-ordered opportunities) and one row per candidate with that
 * candidate's part (their choices, which of them are on their own list in the instance, which
 * hosts listed them, which were full, and the opportunity HR pre-assigned them to). The readers that
 * look at one person read their rows instead of the whole document (src/rounds/README.md).
 */
export type StoredRunInput = Omit<RoundRunInput, 'instance' | 'choices'>;

/** Per candidate, column by column; positions are 1-based indexes into that candidate's choices. */
export interface RunInputCandidateRows {
  candidateIds: string[];
  choices: string[][];
  /** The choices on the candidate's own list in the instance (`residents` or `students`). */
  own: number[][];
  /** The choices whose host's list (`hospitals`, or the project's supervisor's) names the candidate. */
  listedBy: number[][];
  /** The choices that had no free seat (`fullOpportunities`). */
  full: number[][];
  /** The opportunity HR placed the candidate on before solving (`preAssigned`), if any. */
  preAssigned: (string | null)[];
}

export interface RunInputParts {
  rest: StoredRunInput;
  candidates: RunInputCandidateRows;
}

type Lists = Record<string, readonly string[] | undefined>;

const listsOf = (value: unknown): Lists =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Lists) : {};

const own = (o: object, key: string): boolean => Object.hasOwn(o, key);

/**
 * Splits a run's input document (any version stored so far) into its small rest and its rows per
 * candidate: every candidate with choices, a list of their own, or a pre-assignment.
 */
export function splitRunInput(input: RoundRunInput): RunInputParts {
  const { instance, choices: allChoices, ...rest } = input;
  const inst = (instance ?? {}) as Record<string, unknown>;
  const choicesOf = listsOf(allChoices);
  const ownLists = listsOf(inst.residents ?? inst.students);
  const preAssigned = (rest.preAssigned ?? {}) as Record<string, string>;
  const full = new Set(rest.fullOpportunities ?? []);

  // Host lists as sets, built once per host (a hospital's, or a project's supervisor's).
  const hostLists = listsOf(inst.hospitals ?? inst.supervisors);
  const projectSupervisors = listsOf(inst.project_supervisors) as unknown as Record<string, string>;
  const hostSets = new Map<string, Set<string>>();
  const hostSetOf = (opportunity: string): Set<string> | undefined => {
    const host = inst.hospitals
      ? opportunity
      : own(projectSupervisors, opportunity)
        ? projectSupervisors[opportunity]
        : undefined;
    if (host === undefined || !own(hostLists, host)) return undefined;
    let set = hostSets.get(host);
    if (!set) hostSets.set(host, (set = new Set(hostLists[host] ?? [])));
    return set;
  };

  const ids = new Set<string>();
  for (const source of [choicesOf, ownLists, preAssigned]) for (const c of Object.keys(source)) ids.add(c);
  const rows: RunInputCandidateRows = {
    candidateIds: [],
    choices: [],
    own: [],
    listedBy: [],
    full: [],
    preAssigned: [],
  };
  for (const c of ids) {
    const choices = own(choicesOf, c) ? [...(choicesOf[c] ?? [])] : [];
    const positions = new Map<string, number>();
    choices.forEach((o, i) => {
      if (!positions.has(o)) positions.set(o, i + 1);
    });
    const ownList = own(ownLists, c) ? (ownLists[c] ?? []) : [];
    rows.candidateIds.push(c);
    rows.choices.push(choices);
    rows.own.push(ownList.flatMap((o) => positions.get(o) ?? []));
    rows.listedBy.push(choices.flatMap((o, i) => (hostSetOf(o)?.has(c) ? [i + 1] : [])));
    rows.full.push(choices.flatMap((o, i) => (full.has(o) ? [i + 1] : [])));
    rows.preAssigned.push(own(preAssigned, c) ? preAssigned[c] : null);
  }
  return { rest, candidates: rows };
}
