import { describe, expect, it } from 'vitest';
import { accuracyChangeText, accuracyText } from './audits';

describe('accuracy as people read it', () => {
  it('is a whole percentage, a dash when the run expected nothing', () => {
    expect([accuracyText(0.75), accuracyText(1), accuracyText(0), accuracyText(2 / 3), accuracyText(null)]).toEqual(['75 %', '100 %', '0 %', '67 %', '—']);
  });

  it('says which way it moved, in percentage points; nothing when unknown', () => {
    expect(accuracyChangeText(0.25)).toMatchObject({ arrow: '↑', words: 'up', points: '+25 points' });
    expect(accuracyChangeText(-0.1)).toMatchObject({ arrow: '↓', words: 'down', points: '−10 points' });
    expect(accuracyChangeText(0.001)).toMatchObject({ arrow: '→', words: 'level', points: 'no change' });
    expect(accuracyChangeText(null)).toBeNull();
  });
});
