/**
 * The candidate pool's pre-selection (candidate_pool_people and candidate_pool_levels) held in memory,
 * for matchingCandidates: a dense numbering of the people who hold the CANDIDATE role and have a
 * level, and per competence one byte per person (their highest level, 0: none), with the facts the
 * pool rule reads (organisation, CONSORTIUM visibility) and the total of their levels.
 *
 * `rank` counts how many requirements each person in the viewer's scope reaches by one pass over the
 * required competences' bytes (a few milliseconds over 300,000 people) and returns them in the exact
 * order of the pool query (`candidatePoolQuery`): most requirements reached first, then by total level,
 * highest first, then by id; people reaching none are not listed. Plain data in, plain data out: the
 * repository loads it and keeps it current from the change feed (migration 1795922000000).
 */

/** One person's row as the repository reads it. */
export interface ReachPerson {
  personId: string;
  organisationId: string;
  /** Profile visibility is CONSORTIUM. */
  consortium: boolean;
  /** Holds the CANDIDATE role. */
  candidate: boolean;
  /** Highest level per competence id (1 to 4). */
  levels: ReadonlyArray<readonly [competenceId: string, level: number]>;
}

export interface ReachRequirement {
  competenceId: string;
  minLevel: number;
}

export interface ReachScope {
  /** Admins: every candidate. */
  all: boolean;
  /** HR: every candidate of this organisation too. */
  hrOrganisationId: string | null;
}

export class CandidateReachIndex {
  private ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Free slots (people removed), reused before the numbering grows. */
  private readonly free: number[] = [];
  private capacity = 0;
  /** 1: listed (a candidate with at least one level). */
  private listed = new Uint8Array(0);
  private consortium = new Uint8Array(0);
  private organisation = new Int32Array(0);
  private total = new Int32Array(0);
  private readonly levelsOf = new Map<string, Uint8Array>();
  private readonly organisationIndex = new Map<string, number>();
  private counts = new Uint8Array(0);
  private keys = new Int32Array(0);
  /** The highest total level anyone has had (the width of a key's total part). */
  private maxTotal = 0;

  /** People listed (holding the CANDIDATE role, with at least one level). */
  get size(): number {
    return this.slotOf.size;
  }

  /** Sets these people's rows as they are now (absent from `people`: removed). */
  apply(changedIds: readonly string[], people: readonly ReachPerson[]): void {
    const present = new Set<string>();
    for (const person of people) {
      present.add(person.personId);
      this.put(person);
    }
    for (const id of changedIds) if (!present.has(id)) this.remove(id);
  }

  /**
   * Adds people (not yet in the index) whose levels are coded as (position in `competences`) * 8 +
   * level: the whole pre-selection's load, without an object per level.
   */
  load(
    people: readonly {
      personId: string;
      organisationId: string;
      consortium: boolean;
      codes: readonly number[];
    }[],
    competences: readonly string[],
  ): void {
    if (this.capacity < this.ids.length + people.length) this.grow(this.ids.length + people.length);
    const columns: (Uint8Array | undefined)[] = competences.map((id) => this.levelsOf.get(id));
    for (const person of people) {
      if (person.codes.length === 0 || this.slotOf.has(person.personId)) continue;
      const slot = this.ids.length;
      this.ids.push(person.personId);
      this.slotOf.set(person.personId, slot);
      this.place(slot, person);
      let total = 0;
      for (const code of person.codes) {
        const column = code >> 3;
        let bytes = columns[column];
        if (!bytes) {
          bytes = new Uint8Array(this.capacity);
          this.levelsOf.set(competences[column], bytes);
          columns[column] = bytes;
        }
        bytes[slot] = code & 7;
        total += code & 7;
      }
      this.total[slot] = total;
      if (total > this.maxTotal) this.maxTotal = total;
    }
  }

  /** Marks `slot` as a listed person of that organisation and scope (their levels are set apart). */
  private place(slot: number, person: { organisationId: string; consortium: boolean }): void {
    let org = this.organisationIndex.get(person.organisationId);
    if (org === undefined) {
      org = this.organisationIndex.size;
      this.organisationIndex.set(person.organisationId, org);
    }
    this.listed[slot] = 1;
    this.consortium[slot] = person.consortium ? 1 : 0;
    this.organisation[slot] = org;
  }

  private put(person: ReachPerson): void {
    if (!person.candidate || person.levels.length === 0) {
      this.remove(person.personId);
      return;
    }
    let slot = this.slotOf.get(person.personId);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.ids.length;
      if (slot >= this.capacity) this.grow(Math.max(1024, this.capacity * 2));
      this.ids[slot] = person.personId;
      this.slotOf.set(person.personId, slot);
    } else {
      for (const bytes of this.levelsOf.values()) bytes[slot] = 0;
    }
    this.place(slot, person);
    let total = 0;
    for (const [competenceId, level] of person.levels) {
      let bytes = this.levelsOf.get(competenceId);
      if (!bytes) {
        bytes = new Uint8Array(this.capacity);
        this.levelsOf.set(competenceId, bytes);
      }
      bytes[slot] = level;
      total += level;
    }
    this.total[slot] = total;
    if (total > this.maxTotal) this.maxTotal = total;
  }

  private remove(personId: string): void {
    const slot = this.slotOf.get(personId);
    if (slot === undefined) return;
    this.slotOf.delete(personId);
    this.listed[slot] = 0;
    for (const bytes of this.levelsOf.values()) bytes[slot] = 0;
    this.free.push(slot);
  }

  private grow(capacity: number): void {
    const widen = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.listed = widen(this.listed, (n) => new Uint8Array(n));
    this.consortium = widen(this.consortium, (n) => new Uint8Array(n));
    this.organisation = widen(this.organisation, (n) => new Int32Array(n));
    this.total = widen(this.total, (n) => new Int32Array(n));
    for (const [id, bytes] of this.levelsOf)
      this.levelsOf.set(
        id,
        widen(bytes, (n) => new Uint8Array(n)),
      );
    this.counts = new Uint8Array(capacity);
    this.keys = new Int32Array(capacity);
    this.capacity = capacity;
  }

  /**
   * The first `count` people in the viewer's scope who reach at least one requirement, in the pool
   * query's order (reached DESC, total level DESC, id), without `excludeId` (the viewer).
   */
  rank(
    requirements: readonly ReachRequirement[],
    scope: ReachScope,
    excludeId: string,
    count: number,
  ): string[] {
    const n = this.ids.length;
    const counts = this.counts;
    counts.fill(0, 0, n);
    let reachable = 0;
    for (const r of requirements) {
      const bytes = this.levelsOf.get(r.competenceId);
      if (!bytes) continue;
      reachable += 1;
      const min = r.minLevel;
      for (let i = 0; i < n; i++) counts[i] += bytes[i] >= min ? 1 : 0;
    }
    if (reachable === 0 || count <= 0) return [];
    const hrOrg =
      scope.hrOrganisationId === null ? -2 : (this.organisationIndex.get(scope.hrOrganisationId) ?? -2);
    const excluded = this.slotOf.get(excludeId) ?? -1;
    const { listed, consortium, organisation, total, keys } = this;
    // Each person's key (reached, total level) in one number, -1 when out of scope or reaching none;
    // counted per key to find the lowest key among the first `count`.
    const width = this.maxTotal + 1;
    const histogram = new Int32Array((reachable + 1) * width);
    const all = scope.all;
    for (let i = 0; i < n; i++) {
      const reached = counts[i];
      if (
        reached === 0 ||
        listed[i] === 0 ||
        i === excluded ||
        !(all || consortium[i] === 1 || organisation[i] === hrOrg)
      ) {
        keys[i] = -1;
        continue;
      }
      const key = reached * width + total[i];
      keys[i] = key;
      histogram[key] += 1;
    }
    let threshold = 0;
    let taken = 0;
    for (let key = histogram.length - 1; key >= 0; key--) {
      taken += histogram[key];
      if (taken >= count) {
        threshold = key;
        break;
      }
    }
    const chosen: number[] = [];
    for (let i = 0; i < n; i++) if (keys[i] >= threshold && keys[i] >= 0) chosen.push(i);
    const ids = this.ids;
    // uuids as PostgreSQL orders them: lower-case hex with dashes at fixed places orders as bytes.
    chosen.sort((x, y) => keys[y] - keys[x] || (ids[x] < ids[y] ? -1 : ids[x] > ids[y] ? 1 : 0));
    return chosen.slice(0, count).map((i) => ids[i]);
  }
}
