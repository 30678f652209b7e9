import { describe, expect, it } from 'vitest';
import { describeRecoverableError } from './recoverable-error';

describe('describeRecoverableError', () => {
  it('names what threw and where, not only that React recovered', () => {
    const wrapper = new Error('Minified React error #520; visit https://react.dev/errors/520', {
      cause: new TypeError("Cannot read properties of undefined (reading 'edges')"),
    });
    const stack =
      '\n    at InviteCoSupervisor (index-abc.js:1:200)\n    at Stack\n    at MyOpportunitiesRoute\n';
    const text = describeRecoverableError(wrapper, stack);
    expect(text).toContain('#520');
    expect(text).toContain("Cause: TypeError: Cannot read properties of undefined (reading 'edges')");
    expect(text).toContain('In: InviteCoSupervisor < Stack < MyOpportunitiesRoute');
  });

  it('says what it has when there is no cause or stack', () => {
    expect(describeRecoverableError('thrown text')).toBe('thrown text');
  });
});
