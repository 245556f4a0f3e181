// The WhatsApp pairing QR code, drawn from its text on both sides: as Unicode half blocks for the
// terminal (`clawbar channels login whatsapp`) and as one SVG path for the dashboard. The encoder
// (qrcode-generator) is plain JavaScript, so this module needs neither Node nor the DOM.
import qrcode from 'qrcode-generator';

/** Dark modules of the QR code of `text`, row by row, with the 4-module quiet zone scanners need. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'L');
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  const quiet = 4;
  return Array.from({ length: size + 2 * quiet }, (_, row) =>
    Array.from({ length: size + 2 * quiet }, (_, col) => {
      const r = row - quiet;
      const c = col - quiet;
      return r >= 0 && c >= 0 && r < size && c < size && qr.isDark(r, c);
    }),
  );
}

/**
 * The code as text: two module rows per line with `▀ ▄ █`, drawn dark-on-light (light cells are
 * full blocks), so it scans on dark and light terminal themes alike.
 */
export function qrTerminal(text: string): string {
  const modules = qrModules(text);
  const lines: string[] = [];
  for (let row = 0; row < modules.length; row += 2) {
    let line = '';
    for (let col = 0; col < modules[row]!.length; col++) {
      const top = !modules[row]![col];
      const bottom = !(modules[row + 1]?.[col] ?? false);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** An SVG path of the dark modules (one unit each) and the side of the square it fills. */
export function qrSvgPath(text: string): { size: number; path: string } {
  const modules = qrModules(text);
  let path = '';
  modules.forEach((cells, row) =>
    cells.forEach((dark, col) => {
      if (dark) path += `M${col} ${row}h1v1h-1z`;
    }),
  );
  return { size: modules.length, path };
}
