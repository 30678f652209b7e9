import { UUID_TEXT_LENGTH, UuidTable, writeUuidText } from '../common/database/uuid-bytes';
import { nextTurn } from '../common/next-turn';

/** A run's live choice lists, column-wise (`RoundsRepository.liveListsOfRound`). */
export interface LiveLists {
  /** Sorted. */
  candidateIds: string[];
  /** Per candidate: their organisation id ('' when unknown). */
  organisationIds: string[];
  /** Candidate i's choices: `choiceOpportunity[choiceStart[i] .. choiceStart[i + 1])`, rank 1 first. */
  choiceStart: Int32Array;
  /** Indices into the opportunity ids given. */
  choiceOpportunity: Int32Array;
  /**
   * Candidate i's live applications on those opportunities, as read:
   * `applicationCode[applicationStart[i] .. applicationStart[i + 1])`, each `opportunity index * 4 +
   * index of its status in the live statuses given`, ascending.
   */
  applicationStart: Int32Array;
  applicationCode: Int32Array;
  /** Application p's id: the 16 bytes of the uuid at `applicationIds[16 * p .. 16 * p + 16)`. */
  applicationIds: Uint8Array;
  /**
   * Per opportunity j and index s of a live status, how many live applications on it are in that
   * status (`statusCounts[4 * j + s]`): every application row read, whether its candidate takes part
   * or not (a round's open offers hold seats: `RoundLoader` takes them from here, in the lists'
   * snapshot, instead of counting them again over the whole table).
   */
  statusCounts: Int32Array;
}

/** Lists of nobody. */
export function noLiveLists(): LiveLists {
  return {
    candidateIds: [],
    organisationIds: [],
    choiceStart: new Int32Array(1),
    choiceOpportunity: new Int32Array(0),
    applicationStart: new Int32Array(1),
    applicationCode: new Int32Array(0),
    applicationIds: new Uint8Array(0),
    statusCounts: new Int32Array(0),
  };
}

/** An Int32Array twice as long, the first `used` values kept. */
function grown(values: Int32Array, used: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(16, 2 * values.length));
  out.set(values.subarray(0, used));
  return out;
}

/**
 * Builds a run's live lists from the rows PostgreSQL streams (`liveListsOfRound`): every choice of
 * the round (`choice`: candidate, opportunity, rank, the candidate's organisation) and every live
 * application on the round's opportunities (`application`), in any order, even interleaved (the two
 * streams come at once), the uuids as their 16 bytes. Who takes part is decided here, as
 * src/rounds/README.md says: a candidate with a choice whose application is live and allocatable,
 * who holds no live application that is not (an offer or a seat). Choices and applications of
 * opportunities outside `opportunities` (the round's, as the run reads them) are left out.
 * `lists()` gives the candidates sorted by id (PostgreSQL's uuid order: by their bytes), each
 * candidate's choices in rank order and applications by code. Typed arrays throughout: a national
 * round is 3 million choices and as many applications.
 */
export class LiveListsBuilder {
  private candidates = new UuidTable(1024);
  private readonly organisations = new UuidTable();
  /** Per candidate: the index of their organisation in `organisations`, -1 for none (grown as added). */
  private organisationOf = new Int32Array(1024).fill(-1);
  private choices = 0;
  private choiceCandidate = new Int32Array(1024);
  private choiceOpportunityAt = new Int32Array(1024);
  private choiceRank = new Int32Array(1024);
  private applications = 0;
  private applicationCandidate = new Int32Array(1024);
  private applicationCodeAt = new Int32Array(1024);
  private applicationIdBytes = new Uint8Array(16 * 1024);
  /** Per opportunity and live status index, the application rows read (`LiveLists.statusCounts`). */
  private readonly statusCounts: Int32Array;
  /** The last row's candidate (its bytes and index, -1 for none): a candidate's rows mostly come together. */
  private readonly lastCandidate = new Uint8Array(16);
  private lastIndex = -1;
  /** Whether `lists()` was called: no more rows are taken, and they are let go of once it is done. */
  private spent = false;

  constructor(
    /** The round's opportunities: a row's opportunity is its index here. */
    private readonly opportunities: UuidTable,
    /** Per index of a live status: whether an application in it is allocatable (else it holds a seat). */
    private readonly allocatable: readonly boolean[],
  ) {
    if (allocatable.length > 4) throw new Error('LiveListsBuilder: a status index takes two bits');
    this.statusCounts = new Int32Array(4 * opportunities.size);
  }

  /** A choice: the uuids at `candidateAt`, `opportunityAt` and `organisationAt` (-1: none) of `bytes`. */
  choice(
    bytes: Uint8Array,
    candidateAt: number,
    opportunityAt: number,
    rank: number,
    organisationAt: number,
  ): void {
    if (this.spent) throw new Error('LiveListsBuilder: the lists were made');
    const j = this.opportunities.indexOf(bytes, opportunityAt);
    if (j < 0) return;
    if (!(rank >= 1)) throw new Error(`LiveListsBuilder: a choice ranked ${rank}`);
    const i = this.candidateAt(bytes, candidateAt);
    if (organisationAt >= 0 && this.organisationOf[i] < 0) {
      this.organisationOf[i] = this.organisations.add(bytes, organisationAt);
    }
    const c = this.choices++;
    if (c === this.choiceCandidate.length) {
      this.choiceCandidate = grown(this.choiceCandidate, c);
      this.choiceOpportunityAt = grown(this.choiceOpportunityAt, c);
      this.choiceRank = grown(this.choiceRank, c);
    }
    this.choiceCandidate[c] = i;
    this.choiceOpportunityAt[c] = j;
    this.choiceRank[c] = rank;
  }

  /** A live application: its candidate, opportunity and id at those offsets of `bytes`, its status index. */
  application(
    bytes: Uint8Array,
    candidateAt: number,
    opportunityAt: number,
    idAt: number,
    status: number,
  ): void {
    if (this.spent) throw new Error('LiveListsBuilder: the lists were made');
    if (this.allocatable[status] === undefined) throw new Error(`LiveListsBuilder: status index ${status}`);
    const j = this.opportunities.indexOf(bytes, opportunityAt);
    if (j < 0) return;
    const i = this.candidateAt(bytes, candidateAt);
    const p = this.applications++;
    if (p === this.applicationCandidate.length) {
      this.applicationCandidate = grown(this.applicationCandidate, p);
      this.applicationCodeAt = grown(this.applicationCodeAt, p);
      const ids = new Uint8Array(2 * this.applicationIdBytes.length);
      ids.set(this.applicationIdBytes);
      this.applicationIdBytes = ids;
    }
    this.applicationCandidate[p] = i;
    this.applicationCodeAt[p] = j * 4 + status;
    this.statusCounts[j * 4 + status]++;
    const to = 16 * p;
    for (let b = 0; b < 16; b++) this.applicationIdBytes[to + b] = bytes[idAt + b];
  }

  /**
   * Lets go of what the rows were kept in (about 200 MB at national scale), so that it is garbage as
   * soon as the lists are made, whoever still holds the builder; it takes no more rows.
   */
  private release(): void {
    this.candidates = new UuidTable();
    this.lastIndex = -1;
    this.organisationOf = new Int32Array(0);
    this.choices = 0;
    this.choiceCandidate = this.choiceOpportunityAt = this.choiceRank = new Int32Array(0);
    this.applications = 0;
    this.applicationCandidate = this.applicationCodeAt = new Int32Array(0);
    this.applicationIdBytes = new Uint8Array(0);
  }

  /** The index of the candidate at `at` (added if new); the last row's without a lookup. */
  private candidateAt(bytes: Uint8Array, at: number): number {
    const last = this.lastCandidate;
    if (this.lastIndex >= 0) {
      let b = 15;
      while (b >= 0 && last[b] === bytes[at + b]) b--;
      if (b < 0) return this.lastIndex;
    }
    const i = this.candidates.add(bytes, at);
    if (i >= this.organisationOf.length) {
      const more = new Int32Array(2 * this.organisationOf.length).fill(-1);
      more.set(this.organisationOf);
      this.organisationOf = more;
    }
    for (let b = 0; b < 16; b++) last[b] = bytes[at + b];
    this.lastIndex = i;
    return i;
  }

  /** The lists of the candidates who take part (see the class). */
  async lists(): Promise<LiveLists> {
    if (this.spent) throw new Error('LiveListsBuilder: the lists were made');
    this.spent = true;
    const all = this.candidates.size;
    // The choices and applications grouped by candidate (a counting sort each).
    const choicesOf = groupedBy(this.choiceCandidate, this.choices, all);
    const applicationsOf = groupedBy(this.applicationCandidate, this.applications, all);
    // Who takes part; their live choices counted.
    const marks = new Int32Array(this.opportunities.size);
    const takesPart = new Uint8Array(all);
    let n = 0;
    let choiceCount = 0;
    let applicationCount = 0;
    for (let i = 0; i < all; i++) {
      if ((i & SLICE_MASK) === SLICE_MASK) await nextTurn();
      let seated = false;
      for (let q = applicationsOf.start[i]; q < applicationsOf.start[i + 1]; q++) {
        if (!this.allocatable[this.applicationCodeAt[applicationsOf.order[q]] & 3]) seated = true;
      }
      if (seated) continue;
      const live = this.liveChoices(i, choicesOf, applicationsOf, marks, null, null, 0);
      if (live === 0) continue;
      takesPart[i] = 1;
      n++;
      choiceCount += live;
      applicationCount += applicationsOf.start[i + 1] - applicationsOf.start[i];
    }
    const order = this.sortedByBytes(takesPart, n);

    const text = Buffer.allocUnsafe(UUID_TEXT_LENGTH * n);
    for (let r = 0; r < n; r++) writeUuidText(this.candidates.bytes, order[r], text, UUID_TEXT_LENGTH * r);
    const texts = text.toString('latin1');
    const organisationTexts = Array.from({ length: this.organisations.size }, (_, o) =>
      this.organisations.text(o),
    );
    const candidateIds = new Array<string>(n);
    const organisationIds = new Array<string>(n);
    const choiceStart = new Int32Array(n + 1);
    const choiceOpportunity = new Int32Array(choiceCount);
    const rankAt = new Int32Array(choiceCount);
    const applicationStart = new Int32Array(n + 1);
    const applicationCode = new Int32Array(applicationCount);
    const applicationRow = new Int32Array(applicationCount);
    let c = 0;
    let p = 0;
    for (let r = 0; r < n; r++) {
      if ((r & SLICE_MASK) === SLICE_MASK) await nextTurn();
      const i = order[r];
      candidateIds[r] = texts.slice(UUID_TEXT_LENGTH * r, UUID_TEXT_LENGTH * (r + 1));
      const o = this.organisationOf[i];
      organisationIds[r] = o < 0 ? '' : organisationTexts[o];
      choiceStart[r] = c;
      c += this.liveChoices(i, choicesOf, applicationsOf, marks, choiceOpportunity, rankAt, c);
      applicationStart[r] = p;
      // The applications by code (an insertion sort: a candidate has a few).
      const first = p;
      for (let q = applicationsOf.start[i]; q < applicationsOf.start[i + 1]; q++) {
        const row = applicationsOf.order[q];
        const code = this.applicationCodeAt[row];
        let at = p++;
        while (at > first && applicationCode[at - 1] > code) {
          applicationCode[at] = applicationCode[at - 1];
          applicationRow[at] = applicationRow[at - 1];
          at--;
        }
        applicationCode[at] = code;
        applicationRow[at] = row;
      }
    }
    choiceStart[n] = c;
    applicationStart[n] = p;
    const applicationIds = new Uint8Array(16 * applicationCount);
    // Each id moved to its place, read in the order the rows came (a scatter: the rows came in any
    // order, and a gather in the lists' order waited on memory for each id), four bytes at a time.
    const from = new Int32Array(this.applicationIdBytes.buffer, 0, 4 * this.applications);
    const to = new Int32Array(applicationIds.buffer);
    const placeOf = new Int32Array(this.applications).fill(-1);
    for (let q = 0; q < applicationCount; q++) placeOf[applicationRow[q]] = q;
    for (let row = 0; row < this.applications; row++) {
      const q = placeOf[row];
      if (q < 0) continue;
      to[4 * q] = from[4 * row];
      to[4 * q + 1] = from[4 * row + 1];
      to[4 * q + 2] = from[4 * row + 2];
      to[4 * q + 3] = from[4 * row + 3];
    }
    this.release();
    return {
      candidateIds,
      organisationIds,
      choiceStart,
      choiceOpportunity,
      applicationStart,
      applicationCode,
      applicationIds,
      statusCounts: this.statusCounts,
    };
  }

  /**
   * Candidate i's live choices (a choice whose opportunity has an allocatable application of theirs),
   * counted; written in rank order into `opportunities` from `at` (and their ranks into `ranks`) when
   * given. `marks` (one per opportunity) is marked with i + 1 for the opportunities of i's
   * allocatable applications (no search per choice).
   */
  private liveChoices(
    i: number,
    choicesOf: Grouped,
    applicationsOf: Grouped,
    marks: Int32Array,
    opportunities: Int32Array | null,
    ranks: Int32Array | null,
    at: number,
  ): number {
    for (let s = applicationsOf.start[i]; s < applicationsOf.start[i + 1]; s++) {
      const code = this.applicationCodeAt[applicationsOf.order[s]];
      if (this.allocatable[code & 3]) marks[code >> 2] = i + 1;
    }
    let live = 0;
    for (let q = choicesOf.start[i]; q < choicesOf.start[i + 1]; q++) {
      const row = choicesOf.order[q];
      const j = this.choiceOpportunityAt[row];
      if (marks[j] !== i + 1) continue;
      if (opportunities && ranks) {
        const rank = this.choiceRank[row];
        let q = at + live;
        while (q > at && ranks[q - 1] > rank) {
          opportunities[q] = opportunities[q - 1];
          ranks[q] = ranks[q - 1];
          q--;
        }
        opportunities[q] = j;
        ranks[q] = rank;
      }
      live++;
    }
    return live;
  }

  /**
   * The candidates marked in `chosen` (n of them), in the order of their bytes: sorted numerically by
   * their first four bytes with their index beside (one number each, exact below 2^53), then the few
   * that share the first four bytes put in order by the rest.
   */
  private sortedByBytes(chosen: Uint8Array, n: number): Int32Array {
    const bytes = this.candidates.bytes;
    const compare = (a: number, b: number): number => {
      for (let k = 0; k < 16; k++) {
        const d = bytes[16 * a + k] - bytes[16 * b + k];
        if (d !== 0) return d;
      }
      return 0;
    };
    const order = new Int32Array(n);
    for (let i = 0, r = 0; i < chosen.length; i++) if (chosen[i]) order[r++] = i;
    if (chosen.length > INDEX_SPAN) return order.sort(compare);
    const head = (i: number): number =>
      ((bytes[16 * i] << 24) | (bytes[16 * i + 1] << 16) | (bytes[16 * i + 2] << 8) | bytes[16 * i + 3]) >>>
      0;
    const keys = new Float64Array(n);
    for (let r = 0; r < n; r++) keys[r] = head(order[r]) * INDEX_SPAN + order[r];
    keys.sort();
    for (let r = 0; r < n; r++) order[r] = keys[r] % INDEX_SPAN;
    for (let r = 1; r < n; r++) {
      const i = order[r];
      let at = r;
      while (at > 0 && head(order[at - 1]) === head(i) && compare(order[at - 1], i) > 0) {
        order[at] = order[at - 1];
        at--;
      }
      order[at] = i;
    }
    return order;
  }
}

/**
 * Candidates per slice of `lists()`'s two passes (a national round's 300,000 took 0.6 to 0.8 s at
 * once, a wait for every request of the instance): the event loop runs between slices.
 */
const SLICE_MASK = (1 << 14) - 1;

/** Candidates' indices below this fit beside their first four bytes in one number (2^21). */
const INDEX_SPAN = 2 ** 21;

/** Rows grouped by a key: key k's rows are `order[start[k] .. start[k + 1])`, in row order. */
interface Grouped {
  start: Int32Array;
  order: Int32Array;
}

/** The first `rows` of `keyOf` (each in 0 .. keys - 1) grouped by key. */
function groupedBy(keyOf: Int32Array, rows: number, keys: number): Grouped {
  const start = new Int32Array(keys + 1);
  for (let r = 0; r < rows; r++) start[keyOf[r] + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const next = start.slice(0, keys);
  const order = new Int32Array(rows);
  for (let r = 0; r < rows; r++) order[next[keyOf[r]]++] = r;
  return { start, order };
}
