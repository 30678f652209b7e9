import { RoundRunInput } from './round-allocation';

/**
 * What a run keeps of its input document besides the document's text: the small rest (settings,
 * HR's decisions, full and fit-ordered opportunities) and one row per candidate with that
 * candidate's part (their choices, which of them are on their own list in the instance, which
 * hosts listed them, which were full, and the opportunity HR pre-assigned them to). The readers that
 * look at one person read their rows instead of the whole document (src/rounds/README.md).
 */
export type StoredRunInput = Omit<RoundRunInput, 'instance' | 'choices'>;

/**
 * Per candidate, column by column, each value a text ready for PostgreSQL's `string_to_array(v, ',')`
 * (ids and positions contain no comma): plain strings cross from the solver thread and into the
 * statement cheaply, without an array object per candidate. Positions are 1-based indexes into
 * that candidate's choices.
 */
export interface RunInputCandidateRows {
  candidateIds: string[];
  /** The candidate's full choice list, rank 1 first: `o1,o2,o3`. */
  choices: string[];
  /** The choices on the candidate's own list in the instance (`residents` or `students`): `1,2`. */
  own: string[];
  /** The choices whose host's list (`hospitals`, or the project's supervisor's) names the candidate. */
  listedBy: string[];
  /** The choices that had no free seat (`fullOpportunities`). */
  full: string[];
  /** The opportunity HR placed the candidate on before solving (`preAssigned`), '' if none. */
  preAssigned: string[];
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
 * candidate: every candidate with choices, a list of their own, or a pre-assignment. Plain loops
 * and no object per candidate: at 300k candidates x 10 choices it runs beside the whole document
 * in the solver thread's heap.
 */
export function splitRunInput(input: RoundRunInput): RunInputParts {
  const { instance, choices: allChoices, ...rest } = input;
  const inst = (instance ?? {}) as Record<string, unknown>;
  const choicesOf = listsOf(allChoices);
  const ownLists = listsOf(inst.residents ?? inst.students);
  const preAssigned = (rest.preAssigned ?? {}) as Record<string, string>;
  const full = new Set(rest.fullOpportunities ?? []);

  // Per candidate, the hosts whose list names them (hospitals, or supervisors in SPA-S), read host
  // by host: one map lookup per list entry, none per choice.
  const byHospital = inst.hospitals !== undefined;
  const hostLists = listsOf(inst.hospitals ?? inst.supervisors);
  const projectSupervisors = listsOf(inst.project_supervisors) as unknown as Record<string, string>;
  const listedAt = new Map<string, string[]>();
  for (const host of Object.keys(hostLists)) {
    for (const c of hostLists[host] ?? []) {
      const hosts = listedAt.get(c);
      if (hosts) hosts.push(host);
      else listedAt.set(c, [host]);
    }
  }
  const hostOf = (opportunity: string): string | undefined =>
    byHospital
      ? opportunity
      : own(projectSupervisors, opportunity)
        ? projectSupervisors[opportunity]
        : undefined;

  const ids = Object.keys(choicesOf);
  const seen = new Set(ids);
  for (const source of [ownLists, preAssigned]) {
    for (const c of Object.keys(source)) {
      if (!seen.has(c)) {
        seen.add(c);
        ids.push(c);
      }
    }
  }
  const rows: RunInputCandidateRows = {
    candidateIds: ids,
    choices: new Array<string>(ids.length),
    own: new Array<string>(ids.length),
    listedBy: new Array<string>(ids.length),
    full: new Array<string>(ids.length),
    preAssigned: new Array<string>(ids.length),
  };
  const none: readonly string[] = [];
  for (let n = 0; n < ids.length; n++) {
    const c = ids[n];
    const choices = own(choicesOf, c) ? (choicesOf[c] ?? none) : none;
    const ownList = own(ownLists, c) ? (ownLists[c] ?? none) : none;
    let ownText = '';
    for (const o of ownList) {
      const i = choices.indexOf(o);
      if (i >= 0) ownText += ownText ? `,${i + 1}` : `${i + 1}`;
    }
    const listing = listedAt.get(c);
    let listedText = '';
    let fullText = '';
    for (let i = 0; i < choices.length; i++) {
      const o = choices[i];
      if (listing) {
        const host = hostOf(o);
        if (host !== undefined && listing.includes(host)) listedText += listedText ? `,${i + 1}` : `${i + 1}`;
      }
      if (full.has(o)) fullText += fullText ? `,${i + 1}` : `${i + 1}`;
    }
    rows.choices[n] = choices.join(',');
    rows.own[n] = ownText;
    rows.listedBy[n] = listedText;
    rows.full[n] = fullText;
    rows.preAssigned[n] = own(preAssigned, c) ? preAssigned[c] : '';
  }
  return { rest, candidates: rows };
}

/**
 * The keys whose values a run's stored text leaves out when its rows per candidate hold them
 * (`round_run_inputs.lists_apart`): each candidate's full choice list (`choices`) and the instance's
 * list of the candidate's own (`residents`, or `students` in SPA-S). At 300k candidates x 10 choices
 * they are two thirds of the text (the same lists, twice).
 */
export function listPathsApart(problem: RoundRunInput['problem']): string[] {
  return ['choices', `instance.${problem === 'SPA-S' ? 'students' : 'residents'}`];
}

/** A candidate's row as `documentWithLists` reads it (`round_run_candidates`). */
export interface CandidateListsRow {
  candidateId: string;
  /** The full choice list, rank 1 first (empty: the candidate chose nothing). */
  choices: readonly string[];
  /** 1-based positions into `choices`: the candidate's own list in the instance, in its order. */
  own: readonly number[];
  /** Pre-assigned by HR before solving (null: not). */
  preAssignedTo: string | null;
}

/**
 * A run's document from its text stored without the candidates' lists (`listPathsApart`: written
 * `{}`) and its rows per candidate: `choices` holds every candidate with a choice; the instance's
 * own lists every candidate with a choice or a pre-assignment (the document's candidates), each the
 * choices at its `own` positions. A row with neither is a candidate only the assignment names (no
 * part of the document). Exactly the document the rows were split from (`splitAssembledRunInput`),
 * for documents assembled from a round (`assembleRunInput`; its property test writes both).
 */
export function documentWithLists(stored: RoundRunInput, rows: Iterable<CandidateListsRow>): RoundRunInput {
  const choices: Record<string, string[]> = {};
  const own: Record<string, string[]> = {};
  const set = <T>(out: Record<string, T>, key: string, value: T): void => {
    if (key === '__proto__')
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  };
  for (const row of rows) {
    if (row.choices.length === 0 && row.preAssignedTo === null) continue;
    if (row.choices.length > 0) set(choices, row.candidateId, [...row.choices]);
    set(
      own,
      row.candidateId,
      row.own.map((position) => row.choices[position - 1]),
    );
  }
  const [, ownPath] = listPathsApart(stored.problem);
  return {
    ...stored,
    choices,
    instance: { ...stored.instance, [ownPath.slice('instance.'.length)]: own },
  };
}
