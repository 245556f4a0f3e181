import qrcode from 'qrcode-generator';
import { describe, expect, it } from 'vitest';

import { qrModules, qrSvgPath, qrTerminal } from './qr-code.js';

// A pairing string shaped like Baileys' (`ref,noiseKey,identityKey,advSecret`, base64).
const PAIRING = '2@Zm9vYmFyYmF6cXV4LXBhaXJpbmctcmVm,bm9pc2Uta2V5LWZvci10ZXN0cw==,aWRlbnRpdHk=,YWR2LXNlY3JldA==';

describe('the pairing QR code', () => {
  it('encodes the text with a 4-module quiet zone around the encoder’s modules', () => {
    const reference = qrcode(0, 'L');
    reference.addData(PAIRING);
    reference.make();
    const size = reference.getModuleCount();
    const modules = qrModules(PAIRING);
    expect(modules).toHaveLength(size + 8);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) expect(modules[r + 4]![c + 4]).toBe(reference.isDark(r, c));
    }
    expect(modules[0]!.some(Boolean)).toBe(false);
    expect(modules.at(-1)!.some(Boolean)).toBe(false);
  });

  it('draws two module rows per terminal line, light cells as blocks', () => {
    const modules = qrModules(PAIRING);
    const lines = qrTerminal(PAIRING).split('\n');
    expect(lines).toHaveLength(Math.ceil(modules.length / 2));
    // The quiet zone is light: full blocks. Rows 4–5 at column 4 are the finder pattern's dark edge,
    // and row 5 at column 5 its light inner ring under the dark top edge.
    expect(lines[0]).toBe('█'.repeat(modules.length));
    expect(lines[2]![4]).toBe(' ');
    expect(lines[2]![5]).toBe('▄');
  });

  it('draws one square per dark module in the SVG path', () => {
    const { size, path } = qrSvgPath(PAIRING);
    const dark = qrModules(PAIRING).flat().filter(Boolean).length;
    expect(size).toBe(qrModules(PAIRING).length);
    expect(path.match(/M\d+ \d+h1v1h-1z/g)).toHaveLength(dark);
  });
});
