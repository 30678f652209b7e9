import { DecidedApplications, PersistedChange } from '../../src/applications/applications.repository';
import { uuidBytes } from '../../src/common/database/uuid-bytes';
import { ApplicationStatus } from '../../src/core/domain/enums';
import { DecidedKind, PackedDecisions } from '../../src/core/rounds/round-decisions';

/** A change a test decided by hand, one object per application (what a round decides packed). */
export interface DecidedChange extends PersistedChange {
  candidateId: string;
  opportunityId: string;
  event: 'OFFER' | 'REJECT';
}

/**
 * Hand-written changes as `ApplicationTransitions.recordDecided` takes them: a position per change,
 * in their order; a candidate per run of consecutive changes of one candidate (each candidate's
 * changes must be together); a kind per event,
 * from, to, deadline and reason.
 */
export function packedChanges(
  changes: readonly DecidedChange[],
): [DecidedApplications, Pick<PackedDecisions, 'position' | 'kind' | 'kinds'>] {
  const candidateIds: string[] = [];
  const start: number[] = [];
  const opportunityIds: string[] = [];
  const statuses: ApplicationStatus[] = [];
  const kinds: DecidedKind[] = [];
  const kindKeys: string[] = [];
  const code = new Int32Array(changes.length);
  const kind = new Uint8Array(changes.length);
  const indexIn = <T>(list: T[], value: T): number =>
    list.includes(value) ? list.indexOf(value) : list.push(value) - 1;
  changes.forEach((c, p) => {
    if (p === 0 || c.candidateId !== changes[p - 1].candidateId) {
      // As the core decides them: each candidate's changes together (one notice each).
      if (candidateIds.includes(c.candidateId)) throw new Error(`packedChanges: ${c.candidateId} twice`);
      candidateIds.push(c.candidateId);
      start.push(p);
    }
    code[p] = indexIn(opportunityIds, c.opportunityId) * 4 + indexIn(statuses, c.from);
    const key = JSON.stringify([c.event, c.from, c.to, c.responseDeadline?.getTime() ?? null, c.reason]);
    const k = kindKeys.indexOf(key);
    if (k >= 0) kind[p] = k;
    else {
      kindKeys.push(key);
      kind[p] =
        kinds.push({
          event: c.event,
          from: c.from,
          to: c.to,
          responseDeadline: c.responseDeadline,
          reason: c.reason,
          effects: [],
        }) - 1;
    }
  });
  start.push(changes.length);
  return [
    {
      candidateIds,
      opportunityIds,
      start: Int32Array.from(start),
      code,
      statuses,
      ids: uuidBytes(changes.map((c) => c.applicationId)),
    },
    { position: Int32Array.from(changes.keys()), kind, kinds },
  ];
}
