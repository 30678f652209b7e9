import {
  putBytes,
  textArrayBinaryInSlices,
  UUID_TEXT_LENGTH,
  viewOf,
  writeUuidTextInView,
} from '../common/database/uuid-bytes';
import { nextTurn } from '../common/next-turn';
import { ApplicationStatus } from '../core/domain/enums';
import { PackedDecisions } from '../core/rounds/round-decisions';
import type { DecidedApplications } from './applications.repository';

/**
 * What a round's decided changes announce, written from the positions the core decided (no row per
 * change read back from PostgreSQL): the candidates' outcome notices and the status events per
 * opportunity. A national round decides 1.44 million changes; PostgreSQL grouped them again from a
 * temporary table of the changes (its sorts and hashed lists 4 to 5 s of the publication, wave 10).
 * Here they are walked once, in the order they were decided (candidate by candidate, each candidate
 * once: `PackedApplications`), and their texts written as bytes straight into the binary `text[]`
 * parameters PostgreSQL reads (no string per text or per piece: 300 MB of texts at national scale),
 * through `DataView`s, four bytes per load and store where they can: a byte at a time, these texts
 * took seconds of the main thread, CPU taken from PostgreSQL, which runs the statements meanwhile.
 */

/** The decided changes `recordDecided` announces. */
export type AnnouncedDecisions = Pick<PackedDecisions, 'position' | 'kind' | 'kinds'>;

/**
 * The round's opportunities' titles (by index, as in `DecidedApplications.opportunityIds`) and
 * their order by title, then id, in the database's collation (`rank`: the smaller first), which the
 * closed choices of a notice are listed in.
 */
export interface OpportunityTitles {
  titles: readonly string[];
  rank: Int32Array;
}

/** ROUND_OUTCOME notices, one per candidate whose applications moved: three binary `text[]` columns. */
export interface RoundOutcomeNotices {
  /** The candidates' ids. */
  userIds: Buffer;
  /** The English text. */
  messages: Buffer;
  /** Each notice's `data` as JSON text (an object of strings). */
  data: Buffer;
}

const utf8 = (text: string): DataView => viewOf(Buffer.from(text, 'utf8'));

/** A string's JSON text without its quotes (what goes between the quotes of a JSON string). */
const inJson = (text: string): string => JSON.stringify(text).slice(1, -1);

/** Texts by index, as the UTF-8 bytes of all of them one after another. */
class Pieces {
  readonly bytes: DataView;
  readonly start: Int32Array;

  constructor(texts: readonly string[]) {
    this.start = new Int32Array(texts.length + 1);
    for (let i = 0; i < texts.length; i++)
      this.start[i + 1] = this.start[i] + Buffer.byteLength(texts[i], 'utf8');
    this.bytes = utf8(texts.join(''));
  }

  length(i: number): number {
    return this.start[i + 1] - this.start[i];
  }

  put(out: DataView, at: number, i: number): number {
    return putBytes(out, at, this.bytes, this.start[i], this.start[i + 1]);
  }
}

/** Per character code below 128, the character a uuid's text has for it (lower case); 0: none. */
const UUID_CHARACTER = new Uint8Array(128);
for (const c of '0123456789abcdef-') UUID_CHARACTER[c.charCodeAt(0)] = c.charCodeAt(0);
for (const c of 'ABCDEF') UUID_CHARACTER[c.charCodeAt(0)] = c.toLowerCase().charCodeAt(0);

/**
 * The ids' texts one after another (`UUID_TEXT_LENGTH` bytes each), as PostgreSQL writes uuids
 * (lower case): each id's characters checked and written by one loop, not a joined text of them
 * all, lower-cased and tested by a regular expression (three passes over 11 MB for a national
 * round's candidates).
 */
function uuidTexts(ids: readonly string[]): DataView {
  const out = new DataView(new ArrayBuffer(UUID_TEXT_LENGTH * ids.length));
  for (let i = 0, at = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id.length !== UUID_TEXT_LENGTH) throw notUuid(id);
    for (let j = 0; j < UUID_TEXT_LENGTH; j++) {
      const c = id.charCodeAt(j);
      const character = c < 128 ? UUID_CHARACTER[c] : 0;
      if (character === 0) throw notUuid(id);
      out.setUint8(at++, character);
    }
  }
  return out;
}

const notUuid = (id: string): Error => new Error(`round announcements: ${id} is not a uuid’s text`);

const putAll = (out: DataView, at: number, src: DataView): number =>
  putBytes(out, at, src, 0, src.byteLength);

/**
 * Texts written between two turns of the event loop: the texts are built while the transaction's
 * statements (the offers, the closures) run in PostgreSQL, and the connection's sending and reading
 * go on between slices (a slice: a few milliseconds).
 */
const SLICE = 4096;

/**
 * ONE notice per candidate with a decided change, for the whole outcome: their offer if any (title,
 * response deadline, the application and opportunity it links to) and the titles of their choices
 * that closed (every change not to OFFERED), by title, then id; the English text and the `data` the
 * web app writes its own text from (`closed`: the JSON text of the list of titles, `, ` between
 * them). The texts are those PostgreSQL wrote until wave 11 (`test/e2e/round-outcome-drafts`):
 * - no offer: `Round "R": your remaining choices closed without an offer: "A", "B".` and
 *   `{"round": R, "closed": "[\"A\", \"B\"]"}`;
 * - an offer: `Round "R": you have an offer for "T". Please answer by D.` then, when choices closed,
 *   ` Your other choices closed: "A", "B".`, and `{"round", "title", "responseDeadline",
 *   "applicationId", "opportunityId", "closed"}` (no `closed` when none closed).
 * Two passes: the notices' lists and sizes, then their bytes into the parameters' exact buffers.
 */
export async function roundOutcomeNotices(
  applications: DecidedApplications,
  decided: AnnouncedDecisions,
  opportunities: OpportunityTitles,
  round: string,
): Promise<RoundOutcomeNotices> {
  const { position, kind, kinds } = decided;
  const { titles, rank } = opportunities;
  const n = titles.length;
  // Per opportunity: its title and its title as JSON. Per rank (the closed choices are listed by
  // rank): the title quoted, and as JSON inside a JSON string (read by rank, not through the
  // opportunity at a rank: one read in no order less per title listed, 2.6 million of them).
  const title = new Pieces(titles);
  const json = new Pieces(titles.map((t) => JSON.stringify(t)));
  const atRank = new Array<string>(n);
  for (let o = 0; o < n; o++) atRank[rank[o]] = titles[o];
  const quoted = new Pieces(atRank.map((t) => `"${t}"`));
  const item = new Pieces(atRank.map((t) => inJson(JSON.stringify(t))));
  const offering = kinds.map((k) => k.to === ApplicationStatus.OFFERED);
  const deadlines = kinds.map((k) => k.responseDeadline?.toISOString() ?? null);
  const noOffer = utf8(`Round "${round}": your remaining choices closed without an offer: `);
  const anOffer = utf8(`Round "${round}": you have an offer for "`);
  const answerBy = deadlines.map((d) => utf8(`". Please answer by ${d ?? ''}.`));
  const othersClosed = utf8(' Your other choices closed: ');
  const roundData = utf8(`{"round":${JSON.stringify(round)}`);
  const titleData = utf8(',"title":');
  const deadlineData = deadlines.map((d) =>
    utf8(d === null ? '' : `,"responseDeadline":${JSON.stringify(d)}`),
  );
  const applicationData = utf8(',"applicationId":"');
  const opportunityData = utf8('","opportunityId":"');
  const closedData = utf8(',"closed":"[');
  const closedEnd = utf8(']"');
  const COMMA = 2; // ', '
  const candidateText = uuidTexts(applications.candidateIds);
  const opportunityText = uuidTexts(applications.opportunityIds);

  // Pass 1: per notice its candidate, its offer (a change's index, -1 for none) and its closed
  // choices' ranks, sorted (ranks are unique; an insertion sort in place: about 9 of them, where a
  // subarray and a native sort per notice cost more than the sorting), and the texts' sizes.
  const noticeCandidate: number[] = [];
  const noticeOffer: number[] = [];
  const closedFrom: number[] = [0];
  const closedRanks = new Int32Array(position.length);
  const messageBytes: number[] = [];
  const dataBytes: number[] = [];
  let r = 0;
  for (let i = 0, c = 0; i < position.length;) {
    if (noticeCandidate.length % SLICE === SLICE - 1) await nextTurn();
    while (applications.start[c + 1] <= position[i]) c++;
    const end = applications.start[c + 1];
    const from = r;
    let offer = -1;
    for (; i < position.length && position[i] < end; i++) {
      if (!offering[kind[i]]) closedRanks[r++] = rank[applications.code[position[i]] >> 2];
      else if (offer >= 0)
        throw new Error(`roundOutcomeNotices: two offers for ${applications.candidateIds[c]}`);
      else offer = i;
    }
    for (let k = from + 1; k < r; k++) {
      const x = closedRanks[k];
      let j = k - 1;
      for (; j >= from && closedRanks[j] > x; j--) closedRanks[j + 1] = closedRanks[j];
      closedRanks[j + 1] = x;
    }
    let listed = 0;
    let items = 0;
    for (let k = from; k < r; k++) {
      listed += quoted.length(closedRanks[k]);
      items += item.length(closedRanks[k]);
    }
    const commas = r > from ? COMMA * (r - from - 1) : 0;
    const closedPart = r > from ? closedData.byteLength + items + commas + closedEnd.byteLength : 0;
    if (offer < 0) {
      messageBytes.push(noOffer.byteLength + listed + commas + 1);
      dataBytes.push(roundData.byteLength + closedPart + 1);
    } else {
      const o = applications.code[position[offer]] >> 2;
      const k = kind[offer];
      messageBytes.push(
        anOffer.byteLength +
          title.length(o) +
          answerBy[k].byteLength +
          (r > from ? othersClosed.byteLength + listed + commas + 1 : 0),
      );
      dataBytes.push(
        roundData.byteLength +
          titleData.byteLength +
          json.length(o) +
          deadlineData[k].byteLength +
          applicationData.byteLength +
          UUID_TEXT_LENGTH +
          opportunityData.byteLength +
          UUID_TEXT_LENGTH +
          1 +
          closedPart +
          1,
      );
    }
    noticeCandidate.push(c);
    noticeOffer.push(offer);
    closedFrom.push(r);
  }

  // Pass 2: the bytes.
  const count = noticeCandidate.length;
  const ids = viewOf(applications.ids);
  const list = (out: DataView, at: number, t: number, pieces: Pieces): number => {
    for (let k = closedFrom[t]; k < closedFrom[t + 1]; k++) {
      if (k > closedFrom[t]) {
        out.setUint16(at, 0x202c, true); // ', '
        at += 2;
      }
      at = pieces.put(out, at, closedRanks[k]);
    }
    return at;
  };
  const userIds = await textArrayBinaryInSlices(
    count,
    () => UUID_TEXT_LENGTH,
    (_, at, t, out) => {
      putBytes(
        out,
        at,
        candidateText,
        UUID_TEXT_LENGTH * noticeCandidate[t],
        UUID_TEXT_LENGTH * (noticeCandidate[t] + 1),
      );
    },
    SLICE,
  );
  const messages = await textArrayBinaryInSlices(
    count,
    (t) => messageBytes[t],
    (_, at, t, out) => {
      const offer = noticeOffer[t];
      const closed = closedFrom[t + 1] > closedFrom[t];
      if (offer < 0) {
        at = putAll(out, at, noOffer);
        at = list(out, at, t, quoted);
        out.setUint8(at, 46); // '.'
        return;
      }
      at = putAll(out, at, anOffer);
      at = title.put(out, at, applications.code[position[offer]] >> 2);
      at = putAll(out, at, answerBy[kind[offer]]);
      if (closed) {
        at = putAll(out, at, othersClosed);
        at = list(out, at, t, quoted);
        out.setUint8(at, 46); // '.'
      }
    },
  );
  const data = await textArrayBinaryInSlices(
    count,
    (t) => dataBytes[t],
    (_, at, t, out) => {
      const offer = noticeOffer[t];
      at = putAll(out, at, roundData);
      if (offer >= 0) {
        const p = position[offer];
        const o = applications.code[p] >> 2;
        at = putAll(out, at, titleData);
        at = json.put(out, at, o);
        at = putAll(out, at, deadlineData[kind[offer]]);
        at = putAll(out, at, applicationData);
        at = writeUuidTextInView(ids, 16 * p, out, at);
        at = putAll(out, at, opportunityData);
        at = putBytes(out, at, opportunityText, UUID_TEXT_LENGTH * o, UUID_TEXT_LENGTH * (o + 1));
        out.setUint8(at++, 34); // '"'
      }
      if (closedFrom[t + 1] > closedFrom[t]) {
        at = putAll(out, at, closedData);
        at = list(out, at, t, item);
        at = putAll(out, at, closedEnd);
      }
      out.setUint8(at, 125); // '}'
    },
  );
  return { userIds, messages, data };
}

/**
 * The `applicationStatusChanged` events of the decided changes, one item per opportunity: its
 * opportunity ids, and per opportunity the JSON text of the `columns` of a `LiveEventColumns` item
 * (src/common/events/live-events.ts): four lists (candidates, applications, from and to statuses),
 * the changes in the order they were decided, as a binary `text[]` parameter written in place (the
 * ids and statuses need no escaping). What the opportunity's changes share (its hosts' keys and
 * audience, its id, the time) PostgreSQL adds (`ApplicationsRepository.statusEventsOf`).
 */
export interface StatusEventColumns {
  opportunityIds: string[];
  columns: Buffer;
}

const CANDIDATES = utf8('{"audience":{"candidateId":["');
const APPLICATIONS = utf8('"]},"change":{"applicationId":["');
const FROMS = utf8('"],"from":["');
const TOS = utf8('"],"to":["');
const END = utf8('"]}}');
const BETWEEN = 3; // '","'
const FIXED =
  CANDIDATES.byteLength + APPLICATIONS.byteLength + FROMS.byteLength + TOS.byteLength + END.byteLength;

/** Writes '","' (one store of four bytes, the fourth written over next). */
function between(out: DataView, at: number): number {
  out.setUint32(at, 0x222c22, true);
  return at + 3;
}

export async function statusEventColumns(
  applications: DecidedApplications,
  decided: AnnouncedDecisions,
): Promise<StatusEventColumns> {
  const { position, kind, kinds } = decided;
  const { start, code } = applications;
  const n = position.length;
  const opportunityCount = applications.opportunityIds.length;
  const froms = kinds.map((k) => utf8(k.from));
  const tos = kinds.map((k) => utf8(k.to));
  const statusBytes = Int32Array.from(kinds, (_, k) => froms[k].byteLength + tos[k].byteLength);
  // The changes by opportunity (a counting sort: decided order kept), each change's application
  // id (its 16 bytes: 23 MB at national scale, for a while), candidate and kind copied to its place
  // there while the changes are read in order: the texts are then written reading these in order,
  // not through an index of the changes (1.44 million reads in no order over 60 MB of positions and
  // ids cost more than the writing). The candidates' texts stay read through their index: copied
  // too (36 bytes a change), the events took longer, not shorter.
  const first = new Int32Array(opportunityCount + 1);
  for (let i = 0; i < n; i++) first[(code[position[i]] >> 2) + 1]++;
  // Prefix sums: opportunity o's changes are at first[o] .. first[o + 1] - 1.
  for (let o = 0; o < opportunityCount; o++) first[o + 1] += first[o];
  const next = first.slice(0, opportunityCount);
  const ids = viewOf(applications.ids);
  const idAt = new DataView(new ArrayBuffer(16 * n));
  const candidateAt = new Int32Array(n);
  const kindAt = new Uint8Array(n);
  // Per opportunity, its changes' statuses' bytes.
  const statusesOf = new Int32Array(opportunityCount);
  for (let i = 0, c = 0; i < n; i++) {
    const p = position[i];
    while (start[c + 1] <= p) c++;
    const o = code[p] >> 2;
    const j = next[o]++;
    putBytes(idAt, 16 * j, ids, 16 * p, 16 * p + 16);
    candidateAt[j] = c;
    kindAt[j] = kind[i];
    statusesOf[o] += statusBytes[kind[i]];
  }

  const candidateText = uuidTexts(applications.candidateIds);
  const used: number[] = [];
  for (let o = 0; o < opportunityCount; o++) if (first[o + 1] > first[o]) used.push(o);
  const columns = await textArrayBinaryInSlices(
    used.length,
    (u) => {
      const o = used[u];
      const members = first[o + 1] - first[o];
      return FIXED + 4 * BETWEEN * (members - 1) + 2 * UUID_TEXT_LENGTH * members + statusesOf[o];
    },
    (_, at, u, out) => {
      const o = used[u];
      const from = first[o];
      const to = first[o + 1];
      at = putAll(out, at, CANDIDATES);
      for (let j = from; j < to; j++) {
        if (j > from) at = between(out, at);
        const c = UUID_TEXT_LENGTH * candidateAt[j];
        at = putBytes(out, at, candidateText, c, c + UUID_TEXT_LENGTH);
      }
      at = putAll(out, at, APPLICATIONS);
      for (let j = from; j < to; j++) {
        if (j > from) at = between(out, at);
        at = writeUuidTextInView(idAt, 16 * j, out, at);
      }
      at = putAll(out, at, FROMS);
      for (let j = from; j < to; j++) {
        if (j > from) at = between(out, at);
        at = putAll(out, at, froms[kindAt[j]]);
      }
      at = putAll(out, at, TOS);
      for (let j = from; j < to; j++) {
        if (j > from) at = between(out, at);
        at = putAll(out, at, tos[kindAt[j]]);
      }
      putAll(out, at, END);
    },
    // An opportunity lists about 30 changes at national scale: slices of fewer texts.
    SLICE / 8,
  );
  return { opportunityIds: used.map((o) => applications.opportunityIds[o]), columns };
}
