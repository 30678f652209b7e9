/**
 * Hospitals/Residents solvers (Gusfield and Irving 1989, section 1.6), on the compiled instance.
 * Both return, per resident, the hospital index it is assigned to, or -1.
 */
import { CompiledHr } from './compile';

/**
 * Resident-proposing deferred acceptance: the resident-optimal stable matching.
 *
 * Free residents propose down their lists. A hospital holds its proposers in a bitmap over its slots
 * (its ranked list). Once full it keeps a cutoff at its worst assignee: everyone ranked below is
 * deleted from its list for good (as in Gusfield and Irving's version), so a later proposal from them
 * is skipped without looking at the hospital. The worst assignee is found by walking the hospital's
 * slots upward from the previous worst; each walked slot is below the new cutoff, so it is walked at
 * most once. Total O(total list length).
 */
export function solveHrResidentOptimal(hr: CompiledHr): Int32Array {
  const nR = hr.residentIds.length;
  const nH = hr.hospitalIds.length;
  const { residentStart, edgeHospital, edgeSlot, hospitalStart, slotResident, capacity } = hr;

  const next = residentStart.slice(0, nR);
  const assignedSlot = new Int32Array(nR).fill(-1);
  const count = new Int32Array(nH);
  const held = new Uint8Array(slotResident.length);
  // worst[h] bounds the slots h holds from above; cutoff[h] is the last slot not deleted.
  const worst = new Int32Array(nH);
  const cutoff = new Int32Array(nH);
  for (let h = 0; h < nH; h++) {
    worst[h] = hospitalStart[h + 1] - 1;
    cutoff[h] = hospitalStart[h + 1] - 1;
  }

  const free = new Int32Array(nR);
  let top = 0;
  for (let r = nR - 1; r >= 0; r--) free[top++] = r;

  const worstHeld = (h: number): number => {
    let w = worst[h];
    while (held[w] === 0) w--;
    worst[h] = w;
    return w;
  };

  while (top > 0) {
    const r = free[--top];
    const end = residentStart[r + 1];
    let e = next[r];
    while (e < end && edgeSlot[e] > cutoff[edgeHospital[e]]) e++;
    next[r] = e + 1;
    if (e === end) continue;

    const h = edgeHospital[e];
    const slot = edgeSlot[e];
    held[slot] = 1;
    assignedSlot[r] = slot;
    count[h]++;
    if (count[h] > capacity[h]) {
      const w = worstHeld(h);
      const loser = slotResident[w];
      held[w] = 0;
      assignedSlot[loser] = -1;
      count[h]--;
      free[top++] = loser;
    }
    if (count[h] === capacity[h]) cutoff[h] = worstHeld(h);
  }

  const result = new Int32Array(nR).fill(-1);
  for (let r = 0; r < nR; r++) {
    const slot = assignedSlot[r];
    if (slot >= 0) result[r] = edgeHospital[residentStart[r] + hr.slotResidentRank[slot]];
  }
  return result;
}

/**
 * Hospital-proposing algorithm: the hospital-optimal stable matching.
 *
 * An under-subscribed hospital offers to the residents on its list in order until it is full or has
 * offered to everyone; a resident holds the best offer so far and releases the one it held, and the
 * releasing hospital resumes offering. Each (hospital, resident) offer happens at most once, so the
 * whole run is O(total list length).
 */
export function solveHrHospitalOptimal(hr: CompiledHr): Int32Array {
  const nR = hr.residentIds.length;
  const nH = hr.hospitalIds.length;
  const { hospitalStart, slotResident, slotResidentRank, capacity } = hr;

  const assigned = new Int32Array(nR).fill(-1);
  const assignedRank = new Int32Array(nR).fill(0x7fffffff);
  const count = new Int32Array(nH);
  const next = hospitalStart.slice(0, nH);
  const queued = new Uint8Array(nH);
  const stack = new Int32Array(nH);
  let top = 0;
  for (let h = nH - 1; h >= 0; h--) {
    stack[top++] = h;
    queued[h] = 1;
  }

  while (top > 0) {
    const h = stack[--top];
    queued[h] = 0;
    const end = hospitalStart[h + 1];
    let slot = next[h];
    while (count[h] < capacity[h] && slot < end) {
      const r = slotResident[slot];
      const rank = slotResidentRank[slot];
      slot++;
      if (rank < assignedRank[r]) {
        const previous = assigned[r];
        if (previous >= 0) {
          count[previous]--;
          if (queued[previous] === 0 && previous !== h) {
            queued[previous] = 1;
            stack[top++] = previous;
          }
        }
        assigned[r] = h;
        assignedRank[r] = rank;
        count[h]++;
      }
    }
    next[h] = slot;
  }
  return assigned;
}
