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
 * list, so deletions are one cutoff per student (its current position).
 *
 * Finding "the first such student on l's list" quickly: each project keeps a head, the first student
 * on its list whose pair is neither deleted nor held; heads only move forward (a passed pair is
 * deleted, or held and deleted when it is left). Each supervisor keeps its under-subscribed projects
 * in a binary min-heap keyed by the head's rank in the supervisor's list; the first such student is
 * the head of the heap's top after stale heads are advanced. A supervisor is (re)queued whenever it
 * loses a student, the only event that can give it a new candidate pair.
 * Time O(λ log π + Σ d²), where λ is the total list length, π the most projects of one supervisor and
 * d the number of one supervisor's projects on one student's list (for picking the project).
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
    entryEdgeStart,
    entryEdges,
    projectStart,
    projectEdges,
    projectSupervisor,
    projectCapacity,
    supervisorCapacity,
    supervisorProjectStart,
  } = spa;

  const assignedEdge = new Int32Array(nS).fill(-1);
  // Pairs of s at list position >= cutoff[s] are deleted or held (s's own pair).
  const studentCutoff = new Int32Array(nS);
  for (let s = 0; s < nS; s++) studentCutoff[s] = studentStart[s + 1] - studentStart[s];
  const projectCount = new Int32Array(nP);
  const supervisorLoad = new Int32Array(nL);
  const head = projectStart.slice(0, nP);

  // One heap segment per supervisor: heap[supervisorProjectStart[l] ..] holds project indices.
  const heap = new Int32Array(nP);
  const heapSize = new Int32Array(nL);
  const inHeap = new Uint8Array(nP);

  const key = (p: number): number => {
    const e = projectEdges[head[p]];
    return edgeEntry[e] - entryStart[projectSupervisor[p]];
  };
  const siftUp = (base: number, index: number): void => {
    const p = heap[base + index];
    const k = key(p);
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const q = heap[base + parent];
      if (key(q) <= k) break;
      heap[base + i] = q;
      i = parent;
    }
    heap[base + i] = p;
  };
  const siftDown = (base: number, size: number, index: number): void => {
    const p = heap[base + index];
    const k = key(p);
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && key(heap[base + child + 1]) < key(heap[base + child])) child++;
      const q = heap[base + child];
      if (key(q) >= k) break;
      heap[base + i] = q;
      i = child;
    }
    heap[base + i] = p;
  };
  const push = (l: number, p: number): void => {
    const base = supervisorProjectStart[l];
    heap[base + heapSize[l]] = p;
    siftUp(base, heapSize[l]);
    heapSize[l]++;
    inHeap[p] = 1;
  };
  const popTop = (l: number): void => {
    const base = supervisorProjectStart[l];
    inHeap[heap[base]] = 0;
    const size = --heapSize[l];
    if (size > 0) {
      heap[base] = heap[base + size];
      siftDown(base, size, 0);
    }
  };

  const queue = new Int32Array(nL);
  const queued = new Uint8Array(nL);
  let top = 0;
  for (let l = nL - 1; l >= 0; l--) {
    for (let k = supervisorProjectStart[l]; k < supervisorProjectStart[l + 1]; k++) {
      const p = spa.supervisorProjects[k];
      if (projectStart[p] < projectStart[p + 1]) push(l, p);
    }
    queue[top++] = l;
    queued[l] = 1;
  }

  /** The under-subscribed project of l whose head is first on l's list, or -1. */
  const firstCandidateProject = (l: number): number => {
    const base = supervisorProjectStart[l];
    while (heapSize[l] > 0) {
      const p = heap[base];
      if (projectCount[p] >= projectCapacity[p]) {
        popTop(l); // full: re-pushed when it loses a student
        continue;
      }
      const end = projectStart[p + 1];
      let h = head[p];
      while (h < end) {
        const e = projectEdges[h];
        const s = edgeStudent[e];
        if (e - studentStart[s] < studentCutoff[s]) break;
        h++;
      }
      if (h === end) {
        head[p] = h;
        popTop(l); // exhausted for good
        continue;
      }
      if (h !== head[p]) {
        head[p] = h;
        siftDown(base, heapSize[l], 0);
        continue;
      }
      return p;
    }
    return -1;
  };

  while (top > 0) {
    const l = queue[--top];
    queued[l] = 0;
    while (supervisorLoad[l] < supervisorCapacity[l]) {
      const p0 = firstCandidateProject(l);
      if (p0 < 0) break;
      const firstEdge = projectEdges[head[p0]];
      const s = edgeStudent[firstEdge];
      const sStart = studentStart[s];

      // The first of l's under-subscribed projects on s's list with the pair still there.
      const x = edgeEntry[firstEdge];
      let chosen = -1;
      for (let k = entryEdgeStart[x]; k < entryEdgeStart[x + 1]; k++) {
        const e = entryEdges[k];
        if (e - sStart >= studentCutoff[s]) break;
        const p = edgeProject[e];
        if (projectCount[p] < projectCapacity[p]) {
          chosen = e;
          break;
        }
      }
      if (chosen < 0) {
        // p0's head is s, so (s, p0) qualifies: reaching this line means the invariants are broken.
        throw new Error(
          `spa-lecturer: no project for student ${spa.studentIds[s]} from its supervisor's heap`,
        );
      }

      const previous = assignedEdge[s];
      if (previous >= 0) {
        const q = edgeProject[previous];
        const lq = projectSupervisor[q];
        projectCount[q]--;
        supervisorLoad[lq]--;
        if (inHeap[q] === 0 && head[q] < projectStart[q + 1]) push(lq, q);
        if (lq !== l && queued[lq] === 0) {
          queued[lq] = 1;
          queue[top++] = lq;
        }
      }
      const pj = edgeProject[chosen];
      assignedEdge[s] = chosen;
      projectCount[pj]++;
      supervisorLoad[l]++;
      studentCutoff[s] = chosen - sStart;
    }
  }

  const result = new Int32Array(nS).fill(-1);
  for (let s = 0; s < nS; s++) {
    if (assignedEdge[s] >= 0) result[s] = edgeProject[assignedEdge[s]];
  }
  return result;
}
