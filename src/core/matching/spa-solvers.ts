/**
 * SPA-S solvers after Abraham, Irving and Manlove (2007), "Two algorithms for the Student-Project
 * Allocation problem", J. Discrete Algorithms 5(1): SPA-student (student-optimal, figure 1) and
 * SPA-lecturer (lecturer-optimal, figure 3), on the compiled instance. Both return, per student, the
 * project index it is assigned to, or -1. "Lecturer" in the paper is "supervisor" here.
 */
import { CompiledSpa } from './compile';

const NONE = 0x7fffffff;

/**
 * SPA-student. While some student is free with a non-empty list, it applies to the first project on
 * its list and is provisionally assigned to it (and to its supervisor l). If the project is then
 * over-subscribed, its worst student (in l's order) loses it; otherwise, if l is over-subscribed,
 * l's worst student loses its project. When the project is full, every successor of its worst student
 * on the project's list is deleted; when l is full, every successor of l's worst student loses all of
 * l's projects.
 *
 * Deletions are kept as cutoffs, in l's ranking, per project and per supervisor: a pair (s, p) is
 * deleted once s ranks below either cutoff. Cutoffs only move up the list, so a student skips a
 * deleted pair once and for all. A student that loses its project has just had that pair deleted,
 * so it resumes after it. Worst students are found by walking held-flags upward from the previous
 * worst; each walked position is below the new cutoff, so it is walked at most once.
 * Total O(total list length).
 */
export function solveSpaStudentOptimal(spa: CompiledSpa): Int32Array {
  const nS = spa.studentIds.length;
  const nP = spa.projectIds.length;
  const nL = spa.supervisorIds.length;
  const {
    studentStart,
    edgeProject,
    edgeStudent,
    edgeEntry,
    edgeProjectSlot,
    entryStart,
    entryStudent,
    projectStart,
    projectEdges,
    projectSupervisor,
    projectCapacity,
    supervisorCapacity,
  } = spa;

  const next = studentStart.slice(0, nS);
  const assignedEdge = new Int32Array(nS).fill(-1);
  const projectCount = new Int32Array(nP);
  const supervisorLoad = new Int32Array(nL);
  const projectHeld = new Uint8Array(projectEdges.length);
  const entryHeld = new Uint8Array(entryStudent.length);
  const projectWorst = new Int32Array(nP);
  for (let p = 0; p < nP; p++) projectWorst[p] = projectStart[p + 1] - 1;
  const supervisorWorst = new Int32Array(nL);
  for (let l = 0; l < nL; l++) supervisorWorst[l] = entryStart[l + 1] - 1;
  // Cutoffs as the supervisor's rank of a student: pairs ranked above them are deleted.
  const projectCutoff = new Int32Array(nP).fill(NONE);
  const supervisorCutoff = new Int32Array(nL).fill(NONE);

  const free = new Int32Array(nS);
  let top = 0;
  for (let s = nS - 1; s >= 0; s--) free[top++] = s;

  const rankOf = (e: number): number => edgeEntry[e] - entryStart[projectSupervisor[edgeProject[e]]];

  /** The edge of the worst student assigned to p (p holds at least one). */
  const projectWorstEdge = (p: number): number => {
    let slot = projectWorst[p];
    while (projectHeld[slot] === 0) slot--;
    projectWorst[p] = slot;
    return projectEdges[slot];
  };
  /** The edge of the worst student assigned to supervisor l (l holds at least one). */
  const supervisorWorstEdge = (l: number): number => {
    let x = supervisorWorst[l];
    while (entryHeld[x] === 0) x--;
    supervisorWorst[l] = x;
    return assignedEdge[entryStudent[x]];
  };
  const unassign = (e: number): void => {
    const s = edgeStudent[e];
    const p = edgeProject[e];
    projectCount[p]--;
    supervisorLoad[projectSupervisor[p]]--;
    projectHeld[edgeProjectSlot[e]] = 0;
    entryHeld[edgeEntry[e]] = 0;
    assignedEdge[s] = -1;
    free[top++] = s;
  };

  while (top > 0) {
    const s = free[--top];
    const end = studentStart[s + 1];
    let e = next[s];
    for (; e < end; e++) {
      const p = edgeProject[e];
      const rank = rankOf(e);
      if (rank <= projectCutoff[p] && rank <= supervisorCutoff[projectSupervisor[p]]) break;
    }
    next[s] = e + 1;
    if (e === end) continue;

    const p = edgeProject[e];
    const l = projectSupervisor[p];
    assignedEdge[s] = e;
    projectCount[p]++;
    supervisorLoad[l]++;
    projectHeld[edgeProjectSlot[e]] = 1;
    entryHeld[edgeEntry[e]] = 1;

    if (projectCount[p] > projectCapacity[p]) {
      unassign(projectWorstEdge(p));
    } else if (supervisorLoad[l] > supervisorCapacity[l]) {
      unassign(supervisorWorstEdge(l));
    }
    if (projectCount[p] === projectCapacity[p]) {
      const rank = rankOf(projectWorstEdge(p));
      if (rank < projectCutoff[p]) projectCutoff[p] = rank;
    }
    if (supervisorLoad[l] === supervisorCapacity[l]) {
      const rank = rankOf(supervisorWorstEdge(l));
      if (rank < supervisorCutoff[l]) supervisorCutoff[l] = rank;
    }
  }

  const result = new Int32Array(nS).fill(-1);
  for (let s = 0; s < nS; s++) {
    if (assignedEdge[s] >= 0) result[s] = edgeProject[assignedEdge[s]];
  }
  return result;
}

/**
 * SPA-lecturer. While some supervisor l is under-subscribed and there is a pair (s, p) with p one of
 * l's under-subscribed projects, s on p's list and s not assigned to p: take the first such s on l's
 * list and the first such p on s's list; s leaves its current project (if any) for p, and every
 * successor of p on s's list is deleted. Once assigned a student stays assigned, moving only up its
 * list, so deletions are one cutoff per student: the pairs of s at list position >= cutoff[s] are
 * deleted or held (s's own pair), those before it are live. Call (s, p) open when it is live and p
 * is under-subscribed: the loop above picks l's first student with an open pair, then that student's
 * first open pair with l.
 *
 * Heads. head(p) is the first student on p's list whose pair with p is live, whether p is full or not. A pair
 * never becomes live again (held pairs are deleted when their student moves up), so head(p) only
 * moves forward along p's list; it is advanced lazily, O(length of p's list) in all. If p is
 * under-subscribed, head(p) is the first student on p's list with an open pair with p; so the first
 * student of l with an open pair is the first head, on l's list, of l's under-subscribed projects.
 *
 * Frontier. Each supervisor l has a frontier f(l), an entry (position) of its list that only moves
 * forward. Let V be the set of under-subscribed projects whose head lies before their supervisor's
 * frontier. Claim: V is empty before every step, except right after a step that re-opened a project
 * q (q was full and lost its student), when V is {q} and the next step is "head(q) takes q". So:
 *   - With V empty, no student before f(l) has an open pair with l (its project would be in V), so
 *     scanning l's list from f(l), the first entry whose student has an open pair with l is the
 *     student the paper picks; the scan reads that entry's edges (in the student's order, up to the
 *     cutoff) to find both whether it qualifies and its first open project. Entries found without an
 *     open pair are passed (no under-subscribed project has its head there, or that student would
 *     have an open pair, so V stays empty); a served entry is passed right after its step (below).
 *     Each entry of l is read by the frontier at most once: O(λ) in all.
 *   - A step "s takes p" changes: p's count (up: can only take p out of V), cutoff[s] (down: the
 *     heads at s of the projects whose pairs with s are deleted move forward; such a project that is
 *     under-subscribed had its head at an entry at or after the frontier, as V was empty or {q} with
 *     head(q) = s, so it stays out of V), and the count of s's previous project q' (down). If q' was
 *     under-subscribed already its head does not change (s's pair with q' was held, not live);
 *     if q' was full it re-opens and may enter V. So after a step V is contained in (V before,
 *     minus what the step removed) plus {q'}. A frontier step at entry x: all of l's projects that s
 *     prefers to p were full and stay full (q' is after p on s's list), so after the step s has no
 *     open pair with l and the frontier moves past x without adding to V.
 *   - When q re-opens with its head y before the frontier of its supervisor m (V = {q}): m is
 *     under-subscribed (it lost a student, or m is the stepping supervisor, whose load the step did
 *     not change). Any student before y on m's list, or project before q on y's list, with an open
 *     pair with m would put a second project in V, so y is m's first student with an open pair and q
 *     is y's first open project with m: "y takes q" is exactly the paper's next step for m. It fills
 *     q again (q had cap - 1 students), so q leaves V, and only that step's own re-open can enter V.
 *     It costs O(1) plus the head advance; no list is scanned.
 * Termination: a supervisor's turn (popped from the work stack) ends only when it is full or its frontier reached the
 * end of its list (so, with V empty, it has no open pair). It can gain an open pair only when one of
 * its projects loses a student, which puts it back on the stack; so when the stack is empty and no
 * re-open is pending, no under-subscribed supervisor has an open pair: the paper's loop has ended.
 *
 * Time: every step moves one student strictly up its list, so there are at most λ steps, each O(1)
 * besides the head advance (O(λ) in all) and the frontier reads (O(λ) in all). Total O(λ + number of
 * students, projects and supervisors), λ the number of acceptable pairs; no heap, no rescans.
 */
export function solveSpaLecturerOptimal(spa: CompiledSpa): Int32Array {
  const nS = spa.studentIds.length;
  const nP = spa.projectIds.length;
  const nL = spa.supervisorIds.length;
  const {
    studentStart,
    edgeProject,
    edgeStudent,
    edgeEntry,
    entryStart,
    entryStudent,
    entryEdgeStart,
    entryEdges,
    projectStart,
    projectEdges,
    projectSupervisor,
    projectCapacity,
    supervisorCapacity,
  } = spa;

  const assignedEdge = new Int32Array(nS).fill(-1);
  // Pairs of s at list position >= cutoff[s] are deleted or held (s's own pair).
  const studentCutoff = new Int32Array(nS);
  for (let s = 0; s < nS; s++) studentCutoff[s] = studentStart[s + 1] - studentStart[s];
  const projectCount = new Int32Array(nP);
  const supervisorLoad = new Int32Array(nL);
  // Slot in projectEdges at or before p's head (advanced lazily).
  const head = projectStart.slice(0, nP);
  // The next entry of each supervisor's list the frontier reads.
  const frontier = entryStart.slice(0, nL);

  const stack = new Int32Array(nL);
  const queued = new Uint8Array(nL);
  let top = 0;
  for (let l = nL - 1; l >= 0; l--) {
    stack[top++] = l;
    queued[l] = 1;
  }

  // The edge of the step a re-open made pending (head(q) takes q), or -1.
  let pending = -1;

  /** Performs "s takes p" for edge e = (s, p); sets `pending` when a project re-opens behind its frontier. */
  const step = (e: number): void => {
    const s = edgeStudent[e];
    const p = edgeProject[e];
    const l = projectSupervisor[p];
    const previous = assignedEdge[s];
    assignedEdge[s] = e;
    studentCutoff[s] = e - studentStart[s];
    projectCount[p]++;
    supervisorLoad[l]++;
    if (previous < 0) return;

    const q = edgeProject[previous];
    const lq = projectSupervisor[q];
    supervisorLoad[lq]--;
    if (queued[lq] === 0) {
      queued[lq] = 1;
      stack[top++] = lq;
    }
    if (projectCount[q]-- !== projectCapacity[q]) return;
    // q re-opens: find its head.
    const end = projectStart[q + 1];
    let h = head[q];
    for (; h < end; h++) {
      const f = projectEdges[h];
      const t = edgeStudent[f];
      if (f - studentStart[t] < studentCutoff[t]) break;
    }
    head[q] = h;
    if (h < end && edgeEntry[projectEdges[h]] < frontier[lq]) pending = projectEdges[h];
  };

  while (top > 0) {
    const l = stack[--top];
    queued[l] = 0;
    const last = entryStart[l + 1];
    while (supervisorLoad[l] < supervisorCapacity[l] && frontier[l] < last) {
      const x = frontier[l];
      const s = entryStudent[x];
      const sStart = studentStart[s];
      const cutoff = studentCutoff[s];
      let chosen = -1;
      for (let k = entryEdgeStart[x]; k < entryEdgeStart[x + 1]; k++) {
        const e = entryEdges[k];
        if (e - sStart >= cutoff) break;
        const p = edgeProject[e];
        if (projectCount[p] < projectCapacity[p]) {
          chosen = e;
          break;
        }
      }
      frontier[l] = x + 1;
      if (chosen < 0) continue;
      step(chosen);
      while (pending >= 0) {
        const e = pending;
        pending = -1;
        const q = edgeProject[e];
        if (
          projectCount[q] >= projectCapacity[q] ||
          supervisorLoad[projectSupervisor[q]] >= supervisorCapacity[projectSupervisor[q]]
        ) {
          // The re-opened project and its supervisor are under-subscribed: reaching this means the invariants are broken.
          throw new Error(`spa-lecturer: re-opened project ${spa.projectIds[q]} cannot take its head`);
        }
        step(e);
      }
    }
  }

  const result = new Int32Array(nS).fill(-1);
  for (let s = 0; s < nS; s++) {
    if (assignedEdge[s] >= 0) result[s] = edgeProject[assignedEdge[s]];
  }
  return result;
}
