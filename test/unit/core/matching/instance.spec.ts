import {
  HrInstance,
  InstanceError,
  InstanceErrorCode,
  SpaInstance,
  compileHr,
  compileSpa,
  parseInstance,
  parseInstanceJson,
  solve,
} from '../../../../src/core/matching';

const hrBody = (): Record<string, unknown> => ({
  residents: { r0: ['h2', 'h0'], r1: ['h0'] },
  hospitals: { h0: ['r1', 'r0'], h2: ['r0'] },
  capacities: { h0: 1, h2: 1 },
});

const spaBody = (): Record<string, unknown> => ({
  students: { s0: ['p1', 'p0'] },
  supervisors: { l0: ['s0'] },
  project_supervisors: { p0: 'l0', p1: 'l0' },
  project_capacities: { p0: 1, p1: 2 },
  supervisor_capacities: { l0: 2 },
});

function thrown(action: () => unknown): InstanceError {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof InstanceError) return error;
    throw error;
  }
  throw new Error('expected an InstanceError, but nothing was thrown');
}

interface InvalidCase {
  readonly title: string;
  readonly problem: string;
  readonly patch: (body: Record<string, unknown>) => void;
  readonly code: InstanceErrorCode;
  readonly message: string;
}

const invalidCases: InvalidCase[] = [
  {
    title: 'rejects a resident listing an unknown hospital, naming both',
    problem: 'HR',
    patch: (b) => (b.residents = { r0: ['h2', 'h9'], r1: ['h0'] }),
    code: 'UNKNOWN_ID',
    message: 'residents.r0 lists unknown hospital "h9"',
  },
  {
    title: 'rejects a hospital listing an unknown resident',
    problem: 'HR',
    patch: (b) => (b.hospitals = { h0: ['r1', 'r7'], h2: ['r0'] }),
    code: 'UNKNOWN_ID',
    message: 'hospitals.h0 lists unknown resident "r7"',
  },
  {
    title: 'rejects the same hospital twice in one resident list',
    problem: 'HR',
    patch: (b) => (b.residents = { r0: ['h2', 'h0', 'h2'], r1: ['h0'] }),
    code: 'DUPLICATE_ID',
    message: 'residents.r0 lists hospital "h2" twice',
  },
  {
    title: 'rejects a capacity below 1 naming the hospital',
    problem: 'HR',
    patch: (b) => (b.capacities = { h0: 0, h2: 1 }),
    code: 'INVALID_CAPACITY',
    message: 'capacities.h0 must be an integer of at least 1 (got 0)',
  },
  {
    title: 'rejects a fractional capacity',
    problem: 'HR',
    patch: (b) => (b.capacities = { h0: 1.5, h2: 1 }),
    code: 'INVALID_CAPACITY',
    message: 'capacities.h0 must be an integer of at least 1 (got 1.5)',
  },
  {
    title: 'rejects a capacity given as a string',
    problem: 'HR',
    patch: (b) => (b.capacities = { h0: '2', h2: 1 }),
    code: 'INVALID_CAPACITY',
    message: 'capacities.h0 must be an integer of at least 1 (got "2")',
  },
  {
    title: 'rejects a hospital without a capacity',
    problem: 'HR',
    patch: (b) => (b.capacities = { h0: 1 }),
    code: 'MISSING_CAPACITY',
    message: 'hospital "h2" has no capacity (capacities.h2 is missing)',
  },
  {
    title: 'rejects a capacity for an unknown hospital',
    problem: 'HR',
    patch: (b) => (b.capacities = { h0: 1, h2: 1, h5: 3 }),
    code: 'UNKNOWN_ID',
    message: 'capacities.h5 names unknown hospital "h5"',
  },
  {
    title: 'rejects missing capacities',
    problem: 'HR',
    patch: (b) => delete b.capacities,
    code: 'INVALID_SHAPE',
    message: 'instance.capacities must be an object mapping hospital ids to capacities',
  },
  {
    title: 'rejects a preference list that is not an array',
    problem: 'HR',
    patch: (b) => (b.residents = { r0: 'h2', r1: ['h0'] }),
    code: 'INVALID_SHAPE',
    message: 'residents.r0 must be a list of hospital ids',
  },
  {
    title: 'rejects a non-string id inside a list, naming its position',
    problem: 'HR',
    patch: (b) => (b.hospitals = { h0: ['r1', 7], h2: ['r0'] }),
    code: 'INVALID_SHAPE',
    message: 'hospitals.h0[1] must be a string id',
  },
  {
    title: 'quotes ids that are not plain words',
    problem: 'HR',
    patch: (b) => (b.residents = { 'r 0': ['h9'] }),
    code: 'UNKNOWN_ID',
    message: 'residents["r 0"] lists unknown hospital "h9"',
  },
  {
    title: 'rejects a project without a supervisor entry',
    problem: 'SPA-S',
    patch: (b) => (b.project_supervisors = { p0: 'l0' }),
    code: 'MISSING_SUPERVISOR',
    message: 'project "p1" has no supervisor (project_supervisors.p1 is missing)',
  },
  {
    title: 'rejects a project whose supervisor is null',
    problem: 'SPA-S',
    patch: (b) => (b.project_supervisors = { p0: 'l0', p1: null }),
    code: 'MISSING_SUPERVISOR',
    message: 'project_supervisors.p1 must be a supervisor id (project without a supervisor)',
  },
  {
    title: 'rejects a project with an unknown supervisor',
    problem: 'SPA-S',
    patch: (b) => (b.project_supervisors = { p0: 'l0', p1: 'l4' }),
    code: 'UNKNOWN_ID',
    message: 'project_supervisors.p1 names unknown supervisor "l4"',
  },
  {
    title: 'rejects a student listing an unknown project',
    problem: 'SPA-S',
    patch: (b) => (b.students = { s0: ['p1', 'p8'] }),
    code: 'UNKNOWN_ID',
    message: 'students.s0 lists unknown project "p8"',
  },
  {
    title: 'rejects a supervisor listing an unknown student',
    problem: 'SPA-S',
    patch: (b) => (b.supervisors = { l0: ['s0', 's3'] }),
    code: 'UNKNOWN_ID',
    message: 'supervisors.l0 lists unknown student "s3"',
  },
  {
    title: 'rejects the same student twice in a supervisor list',
    problem: 'SPA-S',
    patch: (b) => (b.supervisors = { l0: ['s0', 's0'] }),
    code: 'DUPLICATE_ID',
    message: 'supervisors.l0 lists student "s0" twice',
  },
  {
    title: 'rejects a project without a capacity',
    problem: 'SPA-S',
    patch: (b) => (b.project_capacities = { p0: 1 }),
    code: 'MISSING_CAPACITY',
    message: 'project "p1" has no capacity (project_capacities.p1 is missing)',
  },
  {
    title: 'rejects a supervisor load cap of 0',
    problem: 'SPA-S',
    patch: (b) => (b.supervisor_capacities = { l0: 0 }),
    code: 'INVALID_CAPACITY',
    message: 'supervisor_capacities.l0 must be an integer of at least 1 (got 0)',
  },
  {
    title: 'rejects a supervisor without a load cap',
    problem: 'SPA-S',
    patch: (b) => (b.supervisor_capacities = {}),
    code: 'MISSING_CAPACITY',
    message: 'supervisor "l0" has no capacity (supervisor_capacities.l0 is missing)',
  },
];

describe('parseInstance', () => {
  it.each(invalidCases)('$title', ({ problem, patch, code, message }) => {
    const body = problem === 'HR' ? hrBody() : spaBody();
    patch(body);
    const error = thrown(() => parseInstance({ problem, instance: body }));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.name).toBe('InstanceError');
  });

  it('rejects an unknown problem, naming it', () => {
    const error = thrown(() => parseInstance({ problem: 'SM', instance: hrBody() }));
    expect(error.code).toBe('UNKNOWN_PROBLEM');
    expect(error.message).toBe('unknown problem "SM" (expected "HR" or "SPA-S")');
  });

  it('rejects a document without an instance object', () => {
    expect(thrown(() => parseInstance({ problem: 'HR' })).code).toBe('INVALID_SHAPE');
    expect(thrown(() => parseInstance([1, 2])).code).toBe('INVALID_SHAPE');
  });

  it('reports malformed JSON as an InstanceError', () => {
    const error = thrown(() => parseInstanceJson('{"problem": "HR", '));
    expect(error.code).toBe('MALFORMED_JSON');
    expect(error.message).toMatch(/^malformed JSON: /);
  });

  it('ignores other top-level fields, so a vector file is a valid input', () => {
    const instance = parseInstance({ problem: 'HR', instance: hrBody(), results: {}, id: 'x' });
    expect(instance.problem).toBe('HR');
  });

  it('keeps list order from the arrays and iterates ids in sorted order', () => {
    const instance = parseInstance({
      problem: 'HR',
      instance: {
        residents: { b: ['10', '9'], a: ['9'] },
        hospitals: { '9': ['a', 'b'], '10': ['b'] },
        capacities: { '10': 1, '9': 1 },
      },
    }) as HrInstance;
    expect([...instance.residents.keys()]).toEqual(['a', 'b']);
    expect([...instance.hospitals.keys()]).toEqual(['10', '9']);
    expect(instance.residents.get('b')).toEqual(['10', '9']);
  });

  it('accepts a supervisor with an empty list and a supervisor entry naming a student who did not apply', () => {
    const body = spaBody();
    body.students = { s0: ['p1', 'p0'], s1: [] };
    body.supervisors = { l0: ['s1', 's0'], l1: [] };
    body.project_supervisors = { p0: 'l0', p1: 'l0', q0: 'l1' };
    body.project_capacities = { p0: 1, p1: 2, q0: 1 };
    body.supervisor_capacities = { l0: 2, l1: 1 };
    const instance = parseInstance({ problem: 'SPA-S', instance: body }) as SpaInstance;
    expect(instance.supervisors.get('l1')).toEqual([]);
    expect(solve(instance, { optimal: 'candidate' }).assignment).toEqual({ s0: 'p1', s1: null });
    expect(solve(instance, { optimal: 'host' }).assignment).toEqual({ s0: 'p1', s1: null });
  });
});

describe('edge cases', () => {
  it('solves an empty instance and a student with an empty list', () => {
    const empty = parseInstance({
      problem: 'HR',
      instance: { residents: {}, hospitals: {}, capacities: {} },
    });
    expect(solve(empty).assignment).toEqual({});
    const lonely = parseInstance({
      problem: 'SPA-S',
      instance: {
        students: { a: [] },
        supervisors: {},
        project_supervisors: {},
        project_capacities: {},
        supervisor_capacities: {},
      },
    });
    expect(solve(lonely, { optimal: 'host' }).assignment).toEqual({ a: null });
  });

  it('accepts a capacity larger than anyone could fill', () => {
    const roomy = parseInstance({
      problem: 'HR',
      instance: {
        residents: { r: ['h'] },
        hospitals: { h: ['r'] },
        capacities: { h: Number.MAX_SAFE_INTEGER },
      },
    });
    expect(solve(roomy, { optimal: 'candidate' }).assignment).toEqual({ r: 'h' });
    expect(solve(roomy, { optimal: 'host' }).assignment).toEqual({ r: 'h' });
  });
});

describe('compile', () => {
  it('rejects a hand-built instance with an unknown id or a duplicate, like the parser', () => {
    const unknown: HrInstance = {
      problem: 'HR',
      residents: new Map([['r0', ['h0', 'h1']]]),
      hospitals: new Map([['h0', ['r0']]]),
      capacities: new Map([['h0', 1]]),
    };
    expect(thrown(() => compileHr(unknown)).message).toBe('residents.r0 lists unknown hospital "h1"');
    const duplicate: HrInstance = { ...unknown, residents: new Map([['r0', ['h0', 'h0']]]) };
    expect(thrown(() => compileHr(duplicate)).message).toBe('residents.r0 lists hospital "h0" twice');
    const noCapacity: HrInstance = {
      ...unknown,
      residents: new Map([['r0', ['h0']]]),
      capacities: new Map(),
    };
    expect(thrown(() => compileHr(noCapacity)).code).toBe('INVALID_CAPACITY');
  });
});

describe('mutual acceptability', () => {
  it('ignores a one-sided entry on either side instead of rejecting it', () => {
    const instance = parseInstance({
      problem: 'HR',
      instance: {
        residents: { r0: ['h0', 'h1'], r1: ['h1'] },
        hospitals: { h0: ['r1'], h1: ['r0', 'r1'] },
        capacities: { h0: 1, h1: 1 },
      },
    });
    // (r0, h0): only r0 lists it; (r1, h0): only h0 lists it.
    expect(solve(instance).assignment).toEqual({ r0: 'h1', r1: null });
    const compiled = compileHr(instance as HrInstance);
    expect(Array.from(compiled.edgeHospital)).toEqual([1, 1]);
    expect(Array.from(compiled.hospitalStart)).toEqual([0, 0, 2]);
  });

  it('ranks a project by its supervisor order restricted to the students who listed it', () => {
    const instance = parseInstance({
      problem: 'SPA-S',
      instance: {
        students: { a: ['p'], b: ['q'], c: ['p', 'q'] },
        supervisors: { l: ['b', 'c', 'a'] },
        project_supervisors: { p: 'l', q: 'l' },
        project_capacities: { p: 1, q: 1 },
        supervisor_capacities: { l: 3 },
      },
    }) as SpaInstance;
    const compiled = compileSpa(instance);
    const studentsOf = (project: number): string[] =>
      Array.from(
        compiled.projectEdges.subarray(compiled.projectStart[project], compiled.projectStart[project + 1]),
      ).map((e) => compiled.studentIds[compiled.edgeStudent[e]]);
    expect(studentsOf(compiled.projectIds.indexOf('p'))).toEqual(['c', 'a']);
    expect(studentsOf(compiled.projectIds.indexOf('q'))).toEqual(['b', 'c']);
  });

  it('gives the same result whatever the key order of the JSON objects', () => {
    const forward = parseInstance({
      problem: 'HR',
      instance: {
        residents: { '2': ['0'], '1': ['1'], '0': ['0'], x: ['1', '0'] },
        hospitals: { '1': ['x', '1'], '0': ['2', 'x', '0'] },
        capacities: { '0': 1, '1': 1 },
      },
    });
    const backward = parseInstance({
      problem: 'HR',
      instance: {
        capacities: { '1': 1, '0': 1 },
        hospitals: { '0': ['2', 'x', '0'], '1': ['x', '1'] },
        residents: { x: ['1', '0'], '0': ['0'], '1': ['1'], '2': ['0'] },
      },
    });
    for (const optimal of ['candidate', 'host'] as const) {
      const a = solve(forward, { optimal });
      const b = solve(backward, { optimal });
      expect(a.assignment).toEqual(b.assignment);
      expect(Object.keys(a.assignment)).toEqual(Object.keys(b.assignment));
    }
  });

  it('keeps an id such as "__proto__" as plain data', () => {
    const instance = parseInstanceJson(
      '{"problem":"HR","instance":{"residents":{"__proto__":["h"]},"hospitals":{"h":["__proto__"]},"capacities":{"h":1}}}',
    );
    const { assignment } = solve(instance);
    expect(Object.keys(assignment)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(assignment, '__proto__')?.value).toBe('h');
  });
});
