import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

import { LOOPBACK_ENDPOINTS } from './test/fixtures/temp-home.js';

export default defineConfig({
  plugins: [react()],
  test: {
    // Real processes, sockets and a real keychain: give slow CI machines room, never retry.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // In-process gateways and clients read these too: nothing in the suite leaves the machine.
    env: LOOPBACK_ENDPOINTS,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src-renderer/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
